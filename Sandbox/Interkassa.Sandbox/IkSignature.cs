using System.Security.Cryptography;
using System.Text;

namespace Interkassa.Sandbox;

public enum IkSignatureAlgorithm
{
    Md5,
    Sha256,
}

/// <summary>Interkassa's <c>ik_sign</c>: the sandbox's own implementation of the rule (ik_ fields except ik_sign, sorted by name, values and key joined with ':', hashed, Base64).</summary>
public static class IkSignature
{
    public const string SignField = "ik_sign";

    public static bool TryParseAlgorithm(string? value, out IkSignatureAlgorithm algorithm)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "MD5":
                algorithm = IkSignatureAlgorithm.Md5;
                return true;
            case "SHA256":
            case "SHA-256":
                algorithm = IkSignatureAlgorithm.Sha256;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>The fields that take part in the signature: names containing <c>ik_</c>, except <c>ik_sign</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> SignedFields(IEnumerable<KeyValuePair<string, string>> fields) =>
        fields.Where(f => f.Key.Contains("ik_", StringComparison.Ordinal) && !string.Equals(f.Key, SignField, StringComparison.Ordinal));

    /// <summary>Signs a request or notification: filters, sorts and hashes.</summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, string key, IkSignatureAlgorithm algorithm) =>
        SignExactly(SignedFields(fields), key, algorithm);

    /// <summary>
    /// The core without the <c>ik_</c> filter: every given field, sorted by name (ordinal), values joined
    /// with <c>:</c>, the key last, UTF-8, raw digest, Base64.
    /// </summary>
    public static string SignExactly(IEnumerable<KeyValuePair<string, string>> fields, string key, IkSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(key);
        var values = fields
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Value ?? "")
            .Append(key);
        var canonical = Encoding.UTF8.GetBytes(string.Join(':', values));
        var digest = algorithm switch
        {
            IkSignatureAlgorithm.Md5 => MD5.HashData(canonical),
            IkSignatureAlgorithm.Sha256 => SHA256.HashData(canonical),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm."),
        };
        return Convert.ToBase64String(digest);
    }

    /// <summary>Checks <c>ik_sign</c> among <paramref name="fields"/>; missing or empty is a rejection.</summary>
    public static bool Verify(IReadOnlyDictionary<string, string> fields, string key, IkSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!fields.TryGetValue(SignField, out var given) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        var expected = Sign(fields, key, algorithm);
        // Constant time over the Base64 text; only the length can differ early, and that is public.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(given));
    }
}
