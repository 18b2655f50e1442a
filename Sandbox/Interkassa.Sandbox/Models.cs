using System.Globalization;

namespace Interkassa.Sandbox;

/// <summary>Interkassa's notification states (<c>ik_inv_st</c>) that the sandbox produces.</summary>
public static class IkStates
{
    public const string Success = "success";
    public const string Fail = "fail";
    public const string WaitAccept = "waitAccept";
    public const string Canceled = "canceled";
    public const string Process = "process";
    public const string New = "new";

    public static bool IsKnown(string state) =>
        state is Success or Fail or WaitAccept or Canceled or Process or New;
}

/// <summary>The REST API's numeric invoice states.</summary>
public static class IkApiStates
{
    public const int AwaitingPayment = 2;
    public const int Processing = 3;
    public const int RefundInProgress = 4;
    public const int Expired = 5;
    public const int Paid = 7;
    public const int Cancelled = 8;
    public const int Refunded = 9;

    public static int FromNotificationState(string state) => state switch
    {
        IkStates.Success => Paid,
        IkStates.Fail or IkStates.Canceled => Cancelled,
        IkStates.Process => Processing,
        IkStates.WaitAccept or IkStates.New => AwaitingPayment,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "No API state for this notification state."),
    };
}

/// <summary>The buyer's choice on the payment page.</summary>
public enum PaymentChoice
{
    Success,
    Fail,
    Pending,
}

/// <summary>A validated SCI request, waiting for the buyer's choice.</summary>
public sealed record SandboxPayment(
    string Id,
    string CheckoutId,
    string PaymentNo,
    decimal Amount,
    string Currency,
    string Description,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset Created,
    string? InvoiceId,
    DateTimeOffset? Expires = null)
{
    /// <summary>Past <see cref="Expires"/> the payment can no longer be paid (Interkassa's expired invoice, API state 5).</summary>
    public bool IsExpired(DateTimeOffset now) => Expires is { } end && now >= end;

    public string? Field(string name) => Fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>The shop chose the test payway in advance (<c>ik_pw_via</c> with <c>ik_act=process</c>): only it is offered.</summary>
    public bool TestPaywayChosen =>
        Field("ik_act") == "process" && string.Equals(Field("ik_pw_via"), NotificationBuilder.TestPayway, StringComparison.Ordinal);
}

/// <summary>
/// One delivery of a notification (or one concurrent copy of it). <see cref="Round"/> counts the
/// notifications sent for the invoice: 1 for the first, 2 for the first resend and so on.
/// </summary>
public sealed record DeliveryAttempt(
    int Round,
    int Attempt,
    int Copy,
    string State,
    DateTimeOffset Time,
    string Method,
    string Url,
    bool Dropped,
    int? Status,
    string? Body,
    string? Error)
{
    public bool Ok => Status == 200 && string.Equals(Body?.Trim(), "OK", StringComparison.Ordinal);
}

public sealed record SandboxRefund(string Id, string InvoiceId, decimal Amount, string? Description, DateTimeOffset Created);

/// <summary>What the store keeps for an invoice; changed only through <see cref="SandboxStore"/>.</summary>
public sealed record SandboxInvoice(
    string Id,
    string PaymentId,
    string CheckoutId,
    string PaymentNo,
    string State,
    int ApiState,
    decimal Amount,
    string Currency,
    string Description,
    decimal CoRfn,
    decimal PsPrice,
    string Payway,
    DateTimeOffset Created,
    DateTimeOffset Processed,
    decimal Refunded)
{
    public decimal Remaining => Amount - Refunded;
}

/// <summary>Where the background delivery of an invoice's latest notification stands.</summary>
public static class DeliveryStates
{
    public const string None = "none";
    public const string Delivering = "delivering";
    public const string Delivered = "delivered";
    public const string GaveUp = "gaveUp";
}

/// <summary>Invariant wire formats shared by the notification, the API and the pages.</summary>
public static class IkFormat
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Money4(decimal amount) => amount.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Times are UTC on the wire and in the API filters.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        if (DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }

        time = default;
        return false;
    }
}
