namespace Plugin.Payments.Interkassa.Payments;

/// <summary>One notification as the web layer received it.</summary>
/// <param name="Fields">The decoded fields, or null when the body could not be read as a form.</param>
/// <param name="RawBody">The body (or query string for GET) exactly as received, for the journal.</param>
/// <param name="IsGet">Whether it came as a GET.</param>
/// <param name="SourceAddress">Client address after the store's forwarded-headers configuration.</param>
/// <param name="MalformedDetail">Why the web layer already found it malformed (content type, size, duplicate names), or null.</param>
public sealed record NotificationDelivery(
    IReadOnlyList<KeyValuePair<string, string>>? Fields,
    string RawBody,
    bool IsGet,
    string? SourceAddress,
    string? MalformedDetail);

/// <summary>
/// The HTTP answer to a notification, a fixed contract: <c>200 OK</c> once its outcome is stored, <c>400 ERR &lt;reason&gt;</c>
/// when it is refused, <c>503 ERR retry</c> when the outcome could not be stored or the API could not be asked
/// (Interkassa delivers it again later).
/// </summary>
public sealed record NotificationAnswer(int StatusCode, string Body)
{
    public static readonly NotificationAnswer Ok = new(200, "OK");

    public static readonly NotificationAnswer Retry = new(503, "ERR retry");

    public static NotificationAnswer Reject(string reason) => new(400, "ERR " + reason);
}

/// <summary>Rejection reasons checked by the Payments layer, beside the protocol's own (same words on the wire and in the journal).</summary>
public static class NotificationReasons
{
    public const string Malformed = "malformed";
    public const string Signature = "signature";
    public const string Checkout = "checkout";
    public const string TestPayment = "test-payment";
    public const string Order = "order";
    public const string Amount = "amount";
    public const string Currency = "currency";
    public const string Address = "address";

    /// <summary>Interkassa's API does not confirm the payment the notification claims.</summary>
    public const string Unconfirmed = "unconfirmed";
}
