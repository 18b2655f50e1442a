using System.Security.Cryptography;
using System.Text;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>
/// The tests' own ik_sign signer (Interkassa's rule: ik_ fields except ik_sign, ordinal sort, values and key joined with
/// ':', UTF-8, raw digest, Base64), written the obvious way and sharing no code with the plugin or the sandbox, so
/// that a test never signs its input with the code it is testing.
/// </summary>
internal static class ReferenceSignature
{
    public static string Compute(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm)
    {
        var values = fields
            .Where(f => f.Key.Contains("ik_", StringComparison.Ordinal) && f.Key != "ik_sign")
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Value)
            .Append(key);
        var bytes = Encoding.UTF8.GetBytes(string.Join(":", values));
#pragma warning disable CA5351 // The protocol's MD5, reproduced by the oracle.
        var digest = algorithm == SignatureAlgorithm.Md5 ? MD5.HashData(bytes) : SHA256.HashData(bytes);
#pragma warning restore CA5351
        return Convert.ToBase64String(digest);
    }

    /// <summary>Exactly one non-empty ik_sign, equal to <see cref="Compute"/> (plain comparison: tests need no constant time).</summary>
    public static bool Verifies(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm)
    {
        var signatures = fields.Where(f => f.Key == "ik_sign").Select(f => f.Value).ToList();
        return signatures is [{ Length: > 0 } sign] && sign == Compute(fields, key, algorithm);
    }
}
