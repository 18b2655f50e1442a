using System.Security.Cryptography;
using System.Text;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>
/// A deliberately tiny, separate ik_sign implementation for the tests, so that a bug in the
/// sandbox's signer cannot confirm itself. Protocol §2: ik_ fields except ik_sign, ordinal sort,
/// values and key joined with ':', UTF-8, raw digest, Base64.
/// </summary>
internal static class IkTestSigner
{
    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, string key, string algorithm)
    {
        var names = fields
            .Where(f => f.Key.Contains("ik_", StringComparison.Ordinal) && f.Key != "ik_sign")
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Value)
            .ToList();
        names.Add(key);
        var bytes = Encoding.UTF8.GetBytes(string.Join(":", names));
        var digest = algorithm == "sha256" ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToBase64String(digest);
    }

    public static bool Verifies(IReadOnlyDictionary<string, string> fields, string key, string algorithm) =>
        fields.TryGetValue("ik_sign", out var sign) && sign.Length > 0 && sign == Sign(fields, key, algorithm);
}
