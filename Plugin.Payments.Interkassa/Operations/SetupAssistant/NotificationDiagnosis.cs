using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Operations.SetupAssistant;

/// <summary>Why a refused notification was refused, in terms of what the merchant must change (<c>Assistant.Diagnosis.&lt;Code&gt;</c>).</summary>
public enum DiagnosisCode
{
    /// <summary>Signed with the right key but the other algorithm.</summary>
    WrongAlgorithm,

    /// <summary>A test-payway payment (signed with the test key) while the store's test mode is off.</summary>
    TestKeyInLiveMode,

    /// <summary>Signed with the test key for a live payway, or with the secret key for the test payway: the keys are swapped.</summary>
    KeysSwapped,

    /// <summary>A test-payway payment, and no test key is configured.</summary>
    NoTestKey,

    /// <summary>Neither stored key, with either algorithm, gives this signature.</summary>
    UnknownKey,

    /// <summary><c>ik_sign</c> missing or empty.</summary>
    NoSignature,

    /// <summary>Signed correctly, but for another checkout.</summary>
    OtherCheckout,

    Malformed,
    Order,
    Amount,
    Currency,
    Address,
    Unconfirmed,
    Other,
}

/// <param name="SignedWith">For <see cref="DiagnosisCode.WrongAlgorithm"/>: the algorithm that produced the signature.</param>
/// <param name="Configured">For <see cref="DiagnosisCode.WrongAlgorithm"/>: the algorithm in the settings.</param>
public sealed record Diagnosis(DiagnosisCode Code, SignatureAlgorithm? SignedWith = null, SignatureAlgorithm? Configured = null);

/// <summary>
/// Works out the cause of a refusal from the refused notification's own fields and the journal's reason: for a
/// signature failure it verifies again with each stored key and each algorithm. Pure: no key leaves it, only a code.
/// </summary>
public static class NotificationDiagnosis
{
    public static Diagnosis Diagnose(IReadOnlyList<KeyValuePair<string, string>> fields, string? reason, NotificationVerificationContext context)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(context);
        return reason switch
        {
            NotificationReasons.Signature => DiagnoseSignature(fields, context),
            NotificationReasons.Checkout => new(DiagnosisCode.OtherCheckout),
            NotificationReasons.TestPayment => new(DiagnosisCode.TestKeyInLiveMode),
            NotificationReasons.Malformed => new(DiagnosisCode.Malformed),
            NotificationReasons.Order => new(DiagnosisCode.Order),
            NotificationReasons.Amount => new(DiagnosisCode.Amount),
            NotificationReasons.Currency => new(DiagnosisCode.Currency),
            NotificationReasons.Address => new(DiagnosisCode.Address),
            NotificationReasons.Unconfirmed => new(DiagnosisCode.Unconfirmed),
            _ => new(DiagnosisCode.Other),
        };
    }

    private static Diagnosis DiagnoseSignature(IReadOnlyList<KeyValuePair<string, string>> fields, NotificationVerificationContext context)
    {
        var signature = fields.FirstOrDefault(f => f.Key == InterkassaProtocol.SignField).Value;
        if (string.IsNullOrEmpty(signature))
            return new(DiagnosisCode.NoSignature);

        var keys = context.Keys;
        var isTestPayway = string.Equals(fields.FirstOrDefault(f => f.Key == "ik_pw_via").Value, InterkassaProtocol.TestPayway, StringComparison.Ordinal);
        var expected = isTestPayway ? keys.TestKey : keys.SecretKey;
        var other = isTestPayway ? keys.SecretKey : keys.TestKey;

        if (SignedWith(fields, expected) is { } algorithm)
        {
            // The right key and the configured algorithm verify now: the keys or the algorithm were changed since it arrived.
            return algorithm == keys.Algorithm ? new(DiagnosisCode.Other) : new(DiagnosisCode.WrongAlgorithm, algorithm, keys.Algorithm);
        }

        if (SignedWith(fields, other) is not null)
        {
            if (isTestPayway)
                return new(DiagnosisCode.KeysSwapped);
            return context.TestMode ? new(DiagnosisCode.KeysSwapped) : new(DiagnosisCode.TestKeyInLiveMode);
        }

        return isTestPayway && string.IsNullOrEmpty(keys.TestKey) ? new(DiagnosisCode.NoTestKey) : new(DiagnosisCode.UnknownKey);
    }

    /// <summary>The algorithm with which <paramref name="key"/> produced the fields' <c>ik_sign</c>, or null.</summary>
    private static SignatureAlgorithm? SignedWith(IReadOnlyList<KeyValuePair<string, string>> fields, string? key)
    {
        if (string.IsNullOrEmpty(key))
            return null;
        foreach (var algorithm in new[] { SignatureAlgorithm.Md5, SignatureAlgorithm.Sha256 })
        {
            if (IkSignature.Verify(fields, key, algorithm))
                return algorithm;
        }

        return null;
    }
}
