using System.Globalization;
using System.Text.Json;

namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>
/// Reads the API's <c>data</c> shapes. Tolerant where PHP is loose (numbers as strings or numbers, an empty
/// keyed list encoded as <c>[]</c>), strict where a value matters: a missing id or amount is a <see cref="FormatException"/>.
/// </summary>
internal static class ApiJson
{
    public static IReadOnlyList<T> ReadList<T>(JsonElement data, Func<JsonElement, string?, T> read)
    {
        var items = new List<T>();
        switch (data.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in data.EnumerateObject())
                {
                    items.Add(read(property.Value, property.Name));
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in data.EnumerateArray())
                {
                    items.Add(read(item, null));
                }

                break;
            case JsonValueKind.Null:
                break;
            default:
                throw new FormatException($"A list was expected, not {data.ValueKind}.");
        }

        return items;
    }

    /// <summary>The item itself, or the only entry of an object keyed by id.</summary>
    public static JsonElement Single(JsonElement data, string idProperty)
    {
        if (data.ValueKind == JsonValueKind.Object)
        {
            if (data.TryGetProperty(idProperty, out _))
            {
                return data;
            }

            JsonElement? only = null;
            var count = 0;
            foreach (var property in data.EnumerateObject())
            {
                only = property.Value;
                count++;
            }

            if (count == 1 && only is { ValueKind: JsonValueKind.Object } item)
            {
                return item;
            }
        }

        throw new FormatException($"An object with '{idProperty}' was expected.");
    }

    public static ApiAccount ReadAccount(JsonElement item, string? key) => new(
        Id: OptionalString(item, "_id") ?? key ?? throw Missing("_id"),
        Type: RequiredString(item, "tp"),
        Name: OptionalString(item, "nm") ?? string.Empty);

    public static ApiCheckout ReadCheckout(JsonElement item, string? key) => new(
        Id: OptionalString(item, "_id") ?? key ?? throw Missing("_id"),
        Name: OptionalString(item, "nm") ?? string.Empty);

    public static ApiInvoice ReadInvoice(JsonElement item, string? key) => new(
        Id: OptionalString(item, "id") ?? key ?? throw Missing("id"),
        CheckoutId: RequiredString(item, "coId"),
        PaymentNo: RequiredString(item, "paymentNo"),
        State: State(item, "state"),
        Amount: OptionalDecimal(item, "am") ?? throw Missing("am"),
        Currency: RequiredString(item, "cur"),
        CreditedAmount: OptionalDecimal(item, "coRfn"),
        PayerPrice: OptionalDecimal(item, "psPrice"),
        Payway: OptionalString(item, "pw"),
        Created: OptionalDate(item, "created"),
        Processed: OptionalDate(item, "processed"),
        Refunded: OptionalDecimal(item, "refunded") ?? 0m);

    public static ApiRefund ReadRefund(JsonElement item, string? key) => new(
        Id: OptionalString(item, "id") ?? key ?? throw Missing("id"),
        InvoiceId: RequiredString(item, "invoiceId"),
        Amount: OptionalDecimal(item, "amount") ?? throw Missing("amount"),
        State: State(item, "state"));

    private static FormatException Missing(string name) => new($"The field '{name}' is missing.");

    private static JsonElement? Property(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static string RequiredString(JsonElement item, string name) =>
        OptionalString(item, name) ?? throw Missing(name);

    private static string? OptionalString(JsonElement item, string name) => Property(item, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString() is { Length: > 0 } text ? text : null,
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        { } value => throw new FormatException($"The field '{name}' is a {value.ValueKind}, not a string."),
    };

    private static decimal? OptionalDecimal(JsonElement item, string name) => Property(item, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
        { ValueKind: JsonValueKind.String } value when value.GetString() is not { Length: > 0 } => null,
        { ValueKind: JsonValueKind.String } value when decimal.TryParse(
            value.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw new FormatException($"The field '{name}' is not a decimal number."),
    };

    private static ApiInvoiceState State(JsonElement item, string name)
    {
        int? code = Property(item, name) switch
        {
            { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
            { ValueKind: JsonValueKind.String } value when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
        return code is { } known && ApiInvoiceStates.TryFromCode(known, out var state)
            ? state
            : throw new FormatException($"The field '{name}' is not a known invoice state code.");
    }

    // PHP back ends send "yyyy-MM-dd HH:mm:ss", ISO 8601 or a Unix time; "0000-00-00 00:00:00" means none.
    private static DateTime? OptionalDate(JsonElement item, string name)
    {
        switch (Property(item, name))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var seconds) && seconds > 0:
                return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
            case { ValueKind: JsonValueKind.String } value:
                var text = value.GetString();
                if (string.IsNullOrEmpty(text) || text.StartsWith("0000-00-00", StringComparison.Ordinal))
                {
                    return null;
                }

                if (DateTime.TryParseExact(text, InterkassaProtocol.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
                {
                    return exact;
                }

                if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso))
                {
                    return iso;
                }

                break;
        }

        throw new FormatException($"The field '{name}' is not a date.");
    }
}
