using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// What the self-test shows: a sample form signed with the saved settings, the string that was hashed with the
/// key replaced by <c>****</c>, the algorithm and the result. Never holds a key.
/// </summary>
/// <param name="Error">Resource name (under the plugin prefix) when no form could be built, else null.</param>
/// <param name="ErrorDetail">The field and reason the form builder gave.</param>
public sealed record SelfTestReport(
    string? Error,
    string? ErrorDetail,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    string HashedString,
    string Algorithm,
    string Signature);

/// <summary>Builds the self-test's sample form; pure, so it can be checked that nothing secret leaves it.</summary>
public static class SignatureSelfTest
{
    public const string KeyMask = "****";

    /// <param name="sciUrl">Absolute SCI URL (resolved against the store when the setting is a path).</param>
    /// <param name="currency">The currency to show: the configured payment currency or the store's primary one.</param>
    /// <param name="description">The sample's description in the admin's language.</param>
    public static SelfTestReport Build(string checkoutId, string secretKey, SignatureAlgorithm algorithm, string sciUrl, string currency,
        string description, DateTime nowUtc)
    {
        if (checkoutId.Length == 0 || secretKey.Length == 0)
            return Failed("SelfTest.NotConfigured", null, algorithm);

        var request = new PaymentFormRequest
        {
            SciUrl = sciUrl,
            CheckoutId = checkoutId,
            PaymentNo = "selftest-" + nowUtc.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
            Amount = 1.00m,
            Currency = currency,
            Description = description,
        };

        PaymentForm form;
        try
        {
            form = PaymentFormBuilder.Build(request, secretKey, algorithm);
        }
        catch (PaymentFormException ex)
        {
            return Failed("SelfTest.Invalid", $"{ex.Field}: {ex.Message}", algorithm);
        }

        var hashed = IkSignature.BuildSignedString(form.Fields) + ":" + KeyMask;
        var signature = form.Fields.Last(f => f.Key == InterkassaProtocol.SignField).Value;
        return new SelfTestReport(null, null, form.Fields, hashed, AlgorithmName(algorithm), signature);
    }

    public static string AlgorithmName(SignatureAlgorithm algorithm) => algorithm == SignatureAlgorithm.Sha256 ? "SHA-256" : "MD5";

    /// <summary>Every text of the report, for the check that no key is among them.</summary>
    public static IEnumerable<string> Texts(SelfTestReport report) =>
        report.Fields.SelectMany(f => new[] { f.Key, f.Value })
            .Append(report.HashedString).Append(report.Algorithm).Append(report.Signature).Append(report.ErrorDetail ?? "");

    private static SelfTestReport Failed(string error, string? detail, SignatureAlgorithm algorithm) =>
        new(error, detail, [], "", AlgorithmName(algorithm), "");
}
