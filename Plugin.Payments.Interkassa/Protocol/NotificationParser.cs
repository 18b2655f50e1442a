using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Turns a notification's raw form fields into an <see cref="InterkassaNotification"/> or a precise rejection.</summary>
/// <remarks>
/// Checks run in this order and stop at the first failure:
/// <list type="number">
/// <item><b>malformed</b>: too many fields, an empty or over-long name, an over-long value, a duplicate
/// name, a required field missing or empty, an unknown state, an amount that is not a plain decimal, any signed
/// field not in Interkassa's format (<see cref="NotificationShape"/>);</item>
/// <item><b>signature</b>: <c>ik_sign</c> missing, empty or wrong for the key the payway selects (the test
/// key for the test payway, the secret key otherwise; a test payway with no test key configured fails here);</item>
/// <item><b>checkout</b>: <c>ik_co_id</c> is not the configured checkout (exact, ordinal);</item>
/// <item><b>test-payment</b>: the test payway while the store is in live mode.</item>
/// </list>
/// Signature comes before checkout and test-payment so that an unsigned sender learns nothing about the
/// store's configuration or mode; the test-payment check still runs after a valid signature, so a live
/// store refuses a test-payway notification even when the test key signed it correctly.
/// Order, amount and currency checks need the store's data and belong to the Payments layer.
/// </remarks>
public static class NotificationParser
{
    public const int MaxFields = 100;
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 2048;

    private const string DecimalDetail = "is not a plain decimal number";

    private static readonly ImmutableArray<string> RequiredFields = ["ik_co_id", "ik_inv_id", "ik_inv_st", "ik_pm_no", "ik_am", "ik_cur"];

    public static NotificationParseResult Parse(IReadOnlyList<KeyValuePair<string, string>> fields, NotificationVerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(context);

        // A private copy: the caller's list may change later, the journal must see what was verified.
        var copy = fields.ToArray();
        var raw = Array.AsReadOnly(copy);
        NotificationParseResult Reject(NotificationRejectionReason reason, string detail, string code, params string[] arguments) =>
            NotificationParseResult.Rejected(reason, detail, raw, code, arguments);
        static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        if (raw.Count > MaxFields)
        {
            return Reject(NotificationRejectionReason.Malformed, $"{raw.Count} fields, more than {MaxFields}.",
                NotificationRejectionDetails.TooManyFields, Number(raw.Count), Number(MaxFields));
        }

        var byName = new Dictionary<string, string>(raw.Count, StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (string.IsNullOrEmpty(name))
            {
                return Reject(NotificationRejectionReason.Malformed, "A field has no name.", NotificationRejectionDetails.UnnamedField);
            }

            if (name.Length > MaxNameLength)
            {
                return Reject(NotificationRejectionReason.Malformed, $"A field name is longer than {MaxNameLength} characters.",
                    NotificationRejectionDetails.LongFieldName, Number(MaxNameLength));
            }

            if (value is null || value.Length > MaxValueLength)
            {
                return Reject(NotificationRejectionReason.Malformed, $"The field {Excerpt(name)} has no value or one longer than {MaxValueLength} characters.",
                    NotificationRejectionDetails.LongFieldValue, Excerpt(name), Number(MaxValueLength));
            }

            if (!byName.TryAdd(name, value))
            {
                return Reject(NotificationRejectionReason.Malformed, $"The field {Excerpt(name)} occurs more than once.",
                    NotificationRejectionDetails.RepeatedField, Excerpt(name));
            }
        }

        foreach (var required in RequiredFields)
        {
            if (string.IsNullOrEmpty(byName.GetValueOrDefault(required)))
            {
                return Reject(NotificationRejectionReason.Malformed, $"The required field {required} is missing or empty.",
                    NotificationRejectionDetails.MissingField, required);
            }
        }

        if (!InvoiceStates.TryParse(byName["ik_inv_st"], out var state))
        {
            return Reject(NotificationRejectionReason.Malformed, $"The invoice state {Excerpt(byName["ik_inv_st"])} is unknown.",
                NotificationRejectionDetails.UnknownState, Excerpt(byName["ik_inv_st"]));
        }

        if (ParseDecimal(byName["ik_am"]) is not { } amount)
        {
            return Reject(NotificationRejectionReason.Malformed, $"ik_am {Excerpt(byName["ik_am"])} {DecimalDetail}.",
                NotificationRejectionDetails.FieldFormat, "ik_am", Excerpt(byName["ik_am"]));
        }

        // Every signed field in Interkassa's own format: what the store once signed cannot be re-cut into these fields.
        var unknown = new List<string>();
        foreach (var (name, value) in raw)
        {
            if (!name.Contains(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal) || name == InterkassaProtocol.SignField)
            {
                continue;
            }

            if (NotificationShape.Check(name, value) is { } problem)
            {
                return Reject(NotificationRejectionReason.Malformed, $"{Excerpt(name)} {Excerpt(value)} {problem}.",
                    NotificationRejectionDetails.FieldFormat, Excerpt(name), Excerpt(value));
            }

            if (!NotificationShape.IsKnown(name))
            {
                unknown.Add(name);
            }
        }

        var payway = byName.GetValueOrDefault("ik_pw_via") ?? string.Empty;
        var isTestPayway = string.Equals(payway, InterkassaProtocol.TestPayway, StringComparison.Ordinal);
        var keys = context.Keys;
        var keyName = isTestPayway ? "test key" : "secret key";
        if (keys.KeyForNotification(payway) is not { } key)
        {
            return Reject(NotificationRejectionReason.Signature, $"No {keyName} is configured to verify a {(isTestPayway ? "test" : "live")} payway notification.",
                isTestPayway ? NotificationRejectionDetails.NoTestKey : NotificationRejectionDetails.NoSecretKey);
        }

        var signature = byName.GetValueOrDefault(InterkassaProtocol.SignField);
        if (signature is null)
        {
            return Reject(NotificationRejectionReason.Signature, "ik_sign is missing.", NotificationRejectionDetails.SignatureMissing);
        }

        if (signature.Length == 0)
        {
            return Reject(NotificationRejectionReason.Signature, "ik_sign is empty.", NotificationRejectionDetails.SignatureEmpty);
        }

        if (!IkSignature.Verify(copy, key, keys.Algorithm))
        {
            return Reject(NotificationRejectionReason.Signature, $"ik_sign does not match the {keyName} with {keys.Algorithm}.",
                isTestPayway ? NotificationRejectionDetails.TestKeyMismatch : NotificationRejectionDetails.SecretKeyMismatch, keys.Algorithm == SignatureAlgorithm.Md5 ? "MD5" : "SHA-256");
        }

        if (!string.Equals(byName["ik_co_id"], context.CheckoutId, StringComparison.Ordinal))
        {
            return Reject(NotificationRejectionReason.Checkout, $"ik_co_id {Excerpt(byName["ik_co_id"])} is not the configured checkout.",
                NotificationRejectionDetails.OtherCheckout, Excerpt(byName["ik_co_id"]));
        }

        if (isTestPayway && !context.TestMode)
        {
            return Reject(NotificationRejectionReason.TestPayment, "A test payway notification reached a store in live mode.", NotificationRejectionDetails.TestPaymentInLiveMode);
        }

        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (name.Length > InterkassaProtocol.CustomFieldPrefix.Length && name.StartsWith(InterkassaProtocol.CustomFieldPrefix, StringComparison.Ordinal))
            {
                custom[name[InterkassaProtocol.CustomFieldPrefix.Length..]] = value;
            }
        }

        // Informational fields never refuse a validly signed notification: if one does not parse, it is null.
        return NotificationParseResult.Accepted(new InterkassaNotification
        {
            CheckoutId = byName["ik_co_id"],
            InvoiceId = byName["ik_inv_id"],
            State = state,
            PaymentNo = byName["ik_pm_no"],
            Payway = payway,
            Amount = amount,
            Currency = byName["ik_cur"],
            CreditedAmount = ParseDecimal(Optional(byName, "ik_co_rfn")),
            PayerPrice = ParseDecimal(Optional(byName, "ik_ps_price")),
            Description = Optional(byName, "ik_desc"),
            IsTestPayment = isTestPayway,
            CustomFields = custom,
            UnknownFields = unknown,
            RawFields = raw,
        });
    }

    private static string? Optional(Dictionary<string, string> byName, string name) =>
        byName.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    // Digits with an optional decimal point: no sign, exponent, group separator or spaces.
    private static decimal? ParseDecimal(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var result) ? result : null;

    // Received values are hostile: quote at most 32 printable ASCII characters of them in a detail.
    private static string Excerpt(string value)
    {
        var builder = new StringBuilder("'");
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, 32)))
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.Append(value.Length > 32 ? "…'" : "'").ToString();
    }
}
