namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>A checkout's signing keys and algorithm.</summary>
public sealed record InterkassaKeys(string SecretKey, string? TestKey, SignatureAlgorithm Algorithm)
{
    /// <summary>
    /// The key a notification must be signed with: the test key for the test payway, the secret key
    /// for any other. Null when that key is not configured, which makes verification fail.
    /// </summary>
    public string? KeyForNotification(string? payway)
    {
        var key = string.Equals(payway, InterkassaProtocol.TestPayway, StringComparison.Ordinal) ? TestKey : SecretKey;
        return string.IsNullOrEmpty(key) ? null : key;
    }

    // The compiler-generated ToString would print the keys into any log that formats this record.
    public override string ToString() =>
        $"InterkassaKeys {{ SecretKey = {Mask(SecretKey)}, TestKey = {Mask(TestKey)}, Algorithm = {Algorithm} }}";

    private static string Mask(string? key) => string.IsNullOrEmpty(key) ? "(none)" : "****";
}
