using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Interkassa.Sandbox;

/// <summary>The API's envelope: <c>{"status","code","data","message"}</c>; success is <c>code == 0</c>.</summary>
public sealed record ApiEnvelope(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("data")] object? Data,
    [property: JsonPropertyName("message")] string? Message)
{
    public static ApiEnvelope Ok(object data) => new("ok", 0, data, "Success");

    public static ApiEnvelope Error(int code, string message) => new("error", code, null, message);
}

public sealed record ApiAccount(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("tp")] string Type,
    [property: JsonPropertyName("nm")] string Name);

public sealed record ApiCheckout(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("nm")] string Name);

/// <summary>A <c>co-invoice</c> item; money as invariant strings, times as <c>yyyy-MM-dd HH:mm:ss</c> UTC.</summary>
public sealed record ApiInvoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("coId")] string CheckoutId,
    [property: JsonPropertyName("paymentNo")] string PaymentNo,
    [property: JsonPropertyName("state")] int State,
    [property: JsonPropertyName("am")] string Amount,
    [property: JsonPropertyName("cur")] string Currency,
    [property: JsonPropertyName("coRfn")] string CoRfn,
    [property: JsonPropertyName("psPrice")] string PsPrice,
    [property: JsonPropertyName("pw")] string Payway,
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("processed")] string Processed,
    [property: JsonPropertyName("refunded")] string Refunded)
{
    public static ApiInvoice From(SandboxInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return new(
            invoice.Id,
            invoice.CheckoutId,
            invoice.PaymentNo,
            invoice.ApiState,
            IkFormat.Money(invoice.Amount),
            invoice.Currency,
            IkFormat.Money4(invoice.CoRfn),
            IkFormat.Money(invoice.PsPrice),
            invoice.Payway,
            IkFormat.Time(invoice.Created),
            IkFormat.Time(invoice.Processed),
            IkFormat.Money(invoice.Refunded));
    }
}

/// <summary><c>POST /v1/refund</c>'s data; <c>state</c> is the invoice's state code after the refund.</summary>
public sealed record ApiRefund(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("invoiceId")] string InvoiceId,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("state")] int State);

/// <summary>Body of <c>POST {prefix}/_sandbox/faults/api</c>.</summary>
public sealed record ApiFaultRequest(int FailNextCalls, int Status = 503, string? PathContains = null);

/// <summary>
/// The sandbox's own JSON settings, so that a host app's JSON configuration cannot change the wire format.
/// </summary>
public static class SandboxJson
{
    // Frozen by MakeReadOnly: shared, but not mutable.
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Cyrillic descriptions stay readable; HTML-sensitive characters are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
