using System.Globalization;
using System.Text.RegularExpressions;

namespace Interkassa.Sandbox;

/// <summary>A rejected SCI field, worded like Interkassa's error page: Russian first, English second.</summary>
public sealed record SciError(string Field, string Russian, string English)
{
    public override string ToString() => $"{Field}: {Russian} / {English}";
}

/// <summary>The outcome of validating an SCI request: either errors or the accepted values.</summary>
public sealed record SciValidation(IReadOnlyList<SciError> Errors, SciAccepted? Accepted);

/// <param name="Expires">When the invoice stops being payable: the earlier of <c>ik_exp</c> and now + <c>ik_ltm</c>; null when neither was sent.</param>
public sealed record SciAccepted(SandboxCheckoutOptions Checkout, string PaymentNo, decimal Amount, string Currency, string Description,
    DateTimeOffset? Expires = null);

/// <summary>Checks an SCI request (its fields and, when the checkout requires it, <c>ik_sign</c>) against the configured checkouts.</summary>
public static partial class SciRequestValidator
{
    public const int MaxDescriptionLength = 255;
    public const int MaxClientLength = 64;

    // ASCII on purpose: .NET's \w would also admit Cyrillic letters, Interkassa's pattern does not.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,36}$")]
    private static partial Regex CheckoutIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex PaymentNoPattern();

    [GeneratedRegex("^[0-9]{1,12}(\\.[0-9]{1,2})?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();

    private static readonly string[] MethodFields = ["ik_ia_m", "ik_suc_m", "ik_fal_m", "ik_pnd_m"];

    /// <param name="now">The sandbox's clock; with it an invoice whose <c>ik_exp</c> has passed is refused.</param>
    public static SciValidation Validate(IReadOnlyDictionary<string, string> fields, SandboxOptions options, SandboxStore store, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var errors = new List<SciError>();

        var checkoutId = Required(fields, "ik_co_id", errors);
        if (checkoutId is not null && !CheckoutIdPattern().IsMatch(checkoutId))
        {
            errors.Add(new("ik_co_id", "неверный формат идентификатора кассы", "invalid checkout id format"));
            checkoutId = null;
        }

        var paymentNo = Required(fields, "ik_pm_no", errors);
        if (paymentNo is not null && !PaymentNoPattern().IsMatch(paymentNo))
        {
            errors.Add(new("ik_pm_no", "недопустимые символы или длина (разрешены латинские буквы, цифры, _ и -, до 32)", "invalid characters or length (letters, digits, _ and -, up to 32)"));
            paymentNo = null;
        }

        decimal amount = 0;
        var amountText = Required(fields, "ik_am", errors);
        if (amountText is not null)
        {
            if (!AmountPattern().IsMatch(amountText)
                || !decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            {
                errors.Add(new("ik_am", "неверный формат суммы (цифры и точка, не более 2 знаков после точки)", "invalid amount format (digits and a dot, at most 2 decimals)"));
            }
            else if (amount <= 0)
            {
                errors.Add(new("ik_am", "сумма должна быть больше нуля", "amount must be greater than zero"));
            }
        }

        var currency = Required(fields, "ik_cur", errors);
        if (currency is not null && !CurrencyPattern().IsMatch(currency))
        {
            errors.Add(new("ik_cur", "неверный код валюты (три латинские буквы)", "invalid currency code (three letters)"));
        }

        var description = Required(fields, "ik_desc", errors);
        if (description is not null && description.Length > MaxDescriptionLength)
        {
            errors.Add(new("ik_desc", $"описание длиннее {MaxDescriptionLength} символов", $"description is longer than {MaxDescriptionLength} characters"));
        }

        if (fields.TryGetValue("ik_cli", out var client) && client.Length > MaxClientLength)
        {
            errors.Add(new("ik_cli", $"контакт плательщика длиннее {MaxClientLength} символов", $"payer contact is longer than {MaxClientLength} characters"));
        }

        var expires = Expiry(fields, now, errors);

        foreach (var name in MethodFields)
        {
            if (fields.TryGetValue(name, out var method) && method.Length > 0
                && !method.Equals("get", StringComparison.OrdinalIgnoreCase) && !method.Equals("post", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new(name, "метод должен быть get или post", "method must be get or post"));
            }
        }

        SandboxCheckoutOptions? checkout = null;
        if (checkoutId is not null)
        {
            checkout = options.FindCheckout(checkoutId);
            if (checkout is null)
            {
                errors.Add(new("ik_co_id", "касса не найдена", "checkout not found"));
            }
        }

        if (checkout is not null && checkout.RequireSignature)
        {
            CheckSignature(fields, checkout, errors);
        }

        if (errors.Count == 0 && store.IsPaymentNoPaid(checkout!.Id, paymentNo!))
        {
            errors.Add(new("ik_pm_no", "платёж с этим номером уже оплачен", "a payment with this number is already paid"));
        }

        return errors.Count > 0
            ? new SciValidation(errors, null)
            : new SciValidation(errors, new SciAccepted(checkout!, paymentNo!, amount, currency!.ToUpperInvariant(), description!, expires));
    }

    /// <summary>
    /// <c>ik_exp</c> (UTC, <c>yyyy-MM-dd HH:mm:ss</c>) and <c>ik_ltm</c> (seconds): the earlier wins. An expiry already
    /// past is refused, as Interkassa refuses to open an expired invoice.
    /// </summary>
    private static DateTimeOffset? Expiry(IReadOnlyDictionary<string, string> fields, DateTimeOffset? now, List<SciError> errors)
    {
        DateTimeOffset? expires = null;
        if (fields.TryGetValue("ik_exp", out var exp) && exp.Length > 0)
        {
            if (!IkFormat.TryParseTime(exp, out var at))
            {
                errors.Add(new("ik_exp", "неверный формат срока оплаты (ГГГГ-ММ-ДД чч:мм:сс)", "invalid expiry format (yyyy-MM-dd HH:mm:ss)"));
            }
            else
            {
                expires = at;
            }
        }

        if (fields.TryGetValue("ik_ltm", out var ltm) && ltm.Length > 0)
        {
            if (!long.TryParse(ltm, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > 31_536_000)
            {
                errors.Add(new("ik_ltm", "неверный срок жизни платежа (целое число секунд)", "invalid lifetime (whole seconds)"));
            }
            else if (now is { } start && (expires is null || start.AddSeconds(seconds) < expires))
            {
                expires = start.AddSeconds(seconds);
            }
        }

        if (expires is { } end && now is { } current && end <= current)
        {
            errors.Add(new("ik_exp", "срок оплаты счёта истёк", "the invoice has expired"));
        }

        return expires;
    }

    private static void CheckSignature(IReadOnlyDictionary<string, string> fields, SandboxCheckoutOptions checkout, List<SciError> errors)
    {
        if (!fields.TryGetValue(IkSignature.SignField, out var sign) || sign.Length == 0)
        {
            errors.Add(new(IkSignature.SignField, "подпись отсутствует", "signature is missing"));
            return;
        }

        // Options validation guarantees a known algorithm.
        _ = IkSignature.TryParseAlgorithm(checkout.Algorithm, out var algorithm);
        if (!IkSignature.Verify(fields, checkout.SecretKey, algorithm))
        {
            errors.Add(new(IkSignature.SignField, "подпись неверна", "signature is invalid"));
        }
    }

    private static string? Required(IReadOnlyDictionary<string, string> fields, string name, List<SciError> errors)
    {
        if (fields.TryGetValue(name, out var value) && value.Length > 0)
        {
            return value;
        }

        errors.Add(new(name, "обязательное поле не заполнено", "required field is missing"));
        return null;
    }
}
