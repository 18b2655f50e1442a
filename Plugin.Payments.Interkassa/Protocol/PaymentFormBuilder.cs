using System.Globalization;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Turns a <see cref="PaymentFormRequest"/> into the signed SCI form, refusing what Interkassa would refuse.</summary>
/// <remarks>
/// <para>
/// Nothing signed here may let the joined value string be re-cut into other fields (the signature covers only the
/// values joined with ':', and the form and the notification share the secret key): apart from the
/// store's own URLs and the expiry (<c>ik_exp</c>: digits from the store's clock in one fixed shape), no value
/// may hold ':' or a quote, and the payer contact must be a plain address or phone number. A value that breaks this is refused, never signed.
/// </para>
/// Amounts are never rounded here: an amount with more than two decimals is refused, because rounding
/// silently would make the buyer pay something other than what the order says, and the notification's
/// <c>ik_am</c> would then not match the stored amount. Round (and store the rounded amount) before.
/// </remarks>
public static class PaymentFormBuilder
{
    public const int MaxCheckoutIdLength = 36;
    public const int MaxPaymentNoLength = 32;
    public const int MaxDescriptionLength = 255;
    public const int MaxPayerContactLength = 64;
    public const int MaxCustomFieldNameLength = 50;
    public const int MaxCustomFieldValueLength = 1024;

    /// <exception cref="PaymentFormException">A value Interkassa would refuse; <see cref="PaymentFormException.Field"/> names it.</exception>
    public static PaymentForm Build(PaymentFormRequest request, string secretKey, SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);

        ValidateUrl(request.SciUrl, "SciUrl");
        var checkoutId = AsciiWord(request.CheckoutId, "ik_co_id", MaxCheckoutIdLength, "checkout id");
        var paymentNo = AsciiWord(request.PaymentNo, "ik_pm_no", MaxPaymentNoLength, "payment number");
        var amount = FormatAmount(request.Amount);
        var currency = Currency(request.Currency);
        var description = Description(request.Description);
        var locale = string.IsNullOrEmpty(request.Locale) ? null : Locale(request.Locale);
        var payerContact = PayerContactOrNull(request.PayerContact);
        var interaction = Url("ik_ia_u", request.InteractionUrl, "ik_ia_m", request.InteractionMethod);
        var success = Url("ik_suc_u", request.SuccessUrl, "ik_suc_m", request.SuccessMethod);
        var fail = Url("ik_fal_u", request.FailUrl, "ik_fal_m", request.FailMethod);
        var pending = Url("ik_pnd_u", request.PendingUrl, "ik_pnd_m", request.PendingMethod);
        var lifetime = request.Lifetime is { } span ? Lifetime(span) : null;
        var expiry = request.ExpiresAt is { } expiresAt ? FormatExpiry(expiresAt) : null;
        var paywaysOn = Payways("ik_pw_on", request.PaywaysOn);
        var paywaysOff = Payways("ik_pw_off", request.PaywaysOff);
        var payWith = request.PayWith is null ? null : Payways("ik_pw_via", [request.PayWith]);
        var custom = CustomFields(request.CustomFields);

        // Listed in the order the signature joins them (names sorted ordinally): the form reads like the signed
        // string an admin compares with Interkassa's, and signing finds nothing to reorder.
        var fields = new List<KeyValuePair<string, string>>(20 + custom.Count);
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        Add("ik_act", payWith is null ? null : "process");
        Add("ik_am", amount);
        Add("ik_cli", payerContact);
        Add("ik_co_id", checkoutId);
        Add("ik_cur", currency);
        Add("ik_desc", description);
        Add("ik_exp", expiry);
        Add("ik_fal_m", fail.Method);
        Add("ik_fal_u", fail.Url);
        Add("ik_ia_m", interaction.Method);
        Add("ik_ia_u", interaction.Url);
        Add("ik_loc", locale);
        Add("ik_ltm", lifetime);
        Add("ik_pm_no", paymentNo);
        Add("ik_pnd_m", pending.Method);
        Add("ik_pnd_u", pending.Url);
        Add("ik_pw_off", paywaysOff);
        Add("ik_pw_on", paywaysOn);
        Add("ik_pw_via", payWith);
        Add("ik_suc_m", success.Method);
        Add("ik_suc_u", success.Url);
        fields.AddRange(custom);

        fields.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(fields, secretKey, algorithm)));
        return new PaymentForm(request.SciUrl, fields.AsReadOnly());
    }

    /// <summary>Formats an amount as <c>ik_am</c> wants it: invariant culture, exactly two decimals.</summary>
    /// <exception cref="PaymentFormException">Zero, negative, or more than two decimals.</exception>
    public static string FormatAmount(decimal amount)
    {
        if (amount <= 0)
        {
            throw new PaymentFormException("ik_am", "The amount must be greater than zero.");
        }

        if (decimal.Round(amount, 2) != amount)
        {
            throw new PaymentFormException("ik_am", "The amount has more than two decimals; round it before requesting the payment.");
        }

        return amount.ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Formats <c>ik_exp</c>: UTC, <see cref="InterkassaProtocol.DateTimeFormat"/>, invariant digits. Its ':' are the
    /// only ones signed outside the store's URLs; they separate digits the buyer cannot choose, in one fixed shape.
    /// </summary>
    public static string FormatExpiry(DateTimeOffset expiresAt) =>
        expiresAt.UtcDateTime.ToString(InterkassaProtocol.DateTimeFormat, CultureInfo.InvariantCulture);

    private static string AsciiWord(string? value, string field, int maxLength, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !IsAsciiWord(value))
        {
            throw new PaymentFormException(field, $"The {what} must be 1 to {maxLength} ASCII letters, digits, '_' or '-'.");
        }

        return value;
    }

    /// <summary>Free text the store may sign: no ':' to re-cut at, no double quotes, no control characters.</summary>
    public static bool IsUncuttable(string value)
    {
        foreach (var c in value)
        {
            if (c is ':' or '"' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsAsciiWord(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string Currency(string? currency)
    {
        if (currency is not { Length: 3 } || !char.IsAsciiLetter(currency[0]) || !char.IsAsciiLetter(currency[1]) || !char.IsAsciiLetter(currency[2]))
        {
            throw new PaymentFormException("ik_cur", "The currency must be a three-letter ISO code.");
        }

        return currency.ToUpperInvariant();
    }

    private static string Description(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new PaymentFormException("ik_desc", "The description is empty.");
        }

        // UTF-16 length: never under-counts what Interkassa counts, so nothing too long gets through.
        if (description.Length > MaxDescriptionLength)
        {
            throw new PaymentFormException("ik_desc", $"The description is longer than {MaxDescriptionLength} characters.");
        }

        if (!IsUncuttable(description))
        {
            throw new PaymentFormException("ik_desc", "The description must not hold ':', double quotes or control characters.");
        }

        return description;
    }

    private static string Locale(string locale)
    {
        var valid = locale.Length is 2 or 5
            && char.IsAsciiLetter(locale[0]) && char.IsAsciiLetter(locale[1])
            && (locale.Length == 2 || (locale[2] is '-' or '_' && char.IsAsciiLetter(locale[3]) && char.IsAsciiLetter(locale[4])));
        return valid ? locale : throw new PaymentFormException("ik_loc", "The locale must be a language code such as 'ru' or 'en'.");
    }

    private static void ValidateUrl(string? url, string field)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new PaymentFormException(field, "The URL must be an absolute http or https URL.");
        }
    }

    private static string? PayerContactOrNull(string? payerContact)
    {
        if (string.IsNullOrEmpty(payerContact))
        {
            return null;
        }

        return PayerContact.IsPlain(payerContact)
            ? payerContact
            : throw new PaymentFormException("ik_cli", $"The payer contact must be a plain e-mail address or phone number of at most {MaxPayerContactLength} characters.");
    }

    private static string Lifetime(TimeSpan lifetime)
    {
        // Whole seconds is all the field carries; a fraction of a second changes nothing for a buyer.
        var seconds = (long)Math.Floor(lifetime.TotalSeconds);
        return seconds >= 1
            ? seconds.ToString(CultureInfo.InvariantCulture)
            : throw new PaymentFormException("ik_ltm", "The payment lifetime must be at least one second.");
    }

    /// <summary>A return or interaction URL and its method, both null when the request leaves the URL out.</summary>
    private static (string? Url, string? Method) Url(string urlField, string? url, string methodField, string? method)
    {
        if (string.IsNullOrEmpty(url))
        {
            return (null, null);
        }

        ValidateUrl(url, urlField);
        var normalized = method?.ToUpperInvariant() switch
        {
            "GET" => "get",
            "POST" => "post",
            _ => throw new PaymentFormException(methodField, "The method must be 'get' or 'post'."),
        };
        return (url, normalized);
    }

    private static string? Payways(string field, IReadOnlyList<string>? payways)
    {
        if (payways is null || payways.Count == 0)
        {
            return null;
        }

        foreach (var payway in payways)
        {
            if (string.IsNullOrEmpty(payway) || !IsAsciiWord(payway))
            {
                throw new PaymentFormException(field, "A payway alias must be ASCII letters, digits, '_' or '-'.");
            }
        }

        return string.Join(';', payways);
    }

    /// <summary>The custom fields as <c>ik_x_</c> fields, sorted by name (so in signing order); empty values left out.</summary>
    private static List<KeyValuePair<string, string>> CustomFields(IReadOnlyDictionary<string, string>? custom)
    {
        var fields = new List<KeyValuePair<string, string>>(custom?.Count ?? 0);
        if (custom is null || custom.Count == 0)
        {
            return fields;
        }

        var names = new List<string>(custom.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var field = InterkassaProtocol.CustomFieldPrefix + name;
            if (name.Length == 0 || name.Length > MaxCustomFieldNameLength || !IsAsciiWord(name))
            {
                throw new PaymentFormException(field, $"A custom field name must be 1 to {MaxCustomFieldNameLength} ASCII letters, digits, '_' or '-'.");
            }

            var value = custom[name];
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Length > MaxCustomFieldValueLength)
            {
                throw new PaymentFormException(field, $"A custom field value is longer than {MaxCustomFieldValueLength} characters.");
            }

            if (!IsUncuttable(value))
            {
                throw new PaymentFormException(field, "A custom field value must not hold ':', double quotes or control characters.");
            }

            fields.Add(new(field, value));
        }

        return fields;
    }
}
