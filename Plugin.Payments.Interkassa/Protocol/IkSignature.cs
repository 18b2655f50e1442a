using System.Security.Cryptography;
using System.Text;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>
/// Interkassa's <c>ik_sign</c> rule: take the fields whose name contains <c>ik_</c> except <c>ik_sign</c>,
/// sort them by name ordinally, join their values and then the key with ':', hash the UTF-8 bytes with MD5 or
/// SHA-256 and Base64 the raw digest.
/// </summary>
/// <remarks>
/// The rule is written out below the obvious way (<see cref="ComputeByTheRule"/>); tests hold the fast path to it.
/// <see cref="Compute"/> and <see cref="Verify"/> go through <see cref="IkSignatureFastPath"/>, which does the same
/// work on the stack for the ordinary shape of input, and fall back to the rule for anything else. Two signed
/// fields with the same name make the input ambiguous (which one did the signer keep?): signing refuses them and
/// verification fails.
/// </remarks>
public static class IkSignature
{
    private const char Separator = ':';

    /// <summary>Signs with the full rule.</summary>
    /// <exception cref="ArgumentException">The key is empty, a field name is null, or a signed name occurs twice.</exception>
    public static string Compute(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var digestLength = DigestLength(algorithm);

        Span<byte> digest = stackalloc byte[IkSignatureFastPath.MaxDigestBytes];
        return IkSignatureFastPath.TryHash(fields, key, algorithm, digest, out _)
            ? Convert.ToBase64String(digest[..digestLength])
            : ComputeByTheRule(fields, key, algorithm);
    }

    /// <summary>
    /// True only when the fields carry exactly one non-empty <c>ik_sign</c> equal to the signature computed
    /// with <paramref name="key"/>; compared in constant time. Never throws for hostile input.
    /// </summary>
    public static bool Verify(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var digestLength = DigestLength(algorithm);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[IkSignatureFastPath.MaxDigestBytes];
        return IkSignatureFastPath.TryHash(fields, key, algorithm, digest, out var signature)
            ? Matches(signature, digest[..digestLength])
            : VerifyByTheRule(fields, key, algorithm);
    }

    /// <summary>
    /// The signed values in signing order joined with ':', without the key: what an admin may be shown
    /// (followed by <c>:****</c>) to compare with Interkassa's side. Never append the key for display or logs.
    /// </summary>
    /// <exception cref="ArgumentException">A field name is null, or a signed name occurs twice.</exception>
    public static string BuildSignedString(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(Separator, SignedValues(fields));
    }

    /// <summary>The rule as written, step by step: the reference the fast path must agree with.</summary>
    internal static string ComputeByTheRule(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm) =>
        Convert.ToBase64String(HashJoined(SignedValues(fields), key, algorithm));

    /// <summary>The core of the rule: values and key joined with ':', UTF-8, hashed; the raw digest.</summary>
    internal static byte[] HashJoined(IEnumerable<string> values, string key, SignatureAlgorithm algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join(Separator, values.Append(key)));
        try
        {
            return algorithm == SignatureAlgorithm.Md5
#pragma warning disable CA5351 // MD5 is one of the two algorithms the protocol mandates; the merchant chooses it in Interkassa's cabinet.
                ? MD5.HashData(bytes)
#pragma warning restore CA5351
                : SHA256.HashData(bytes);
        }
        finally
        {
            // The bytes hold the key.
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Is this field part of the signed string?</summary>
    internal static bool IsSigned(string name) =>
        name.Contains(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal)
        && !string.Equals(name, InterkassaProtocol.SignField, StringComparison.Ordinal);

    internal static int DigestLength(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Md5 => MD5.HashSizeInBytes,
        SignatureAlgorithm.Sha256 => SHA256.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Interkassa signs with MD5 or SHA-256 only."),
    };

    private static IEnumerable<string> SignedValues(IEnumerable<KeyValuePair<string, string>> fields)
    {
        if (fields.Any(f => f.Key is null))
        {
            throw new ArgumentException("A field has no name.", nameof(fields));
        }

        var signed = fields.Where(f => IsSigned(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        for (var i = 1; i < signed.Count; i++)
        {
            if (string.Equals(signed[i - 1].Key, signed[i].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The signed field '{signed[i].Key}' occurs more than once.", nameof(fields));
            }
        }

        return signed.Select(f => f.Value);
    }

    private static bool VerifyByTheRule(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm)
    {
        var signatures = fields.Where(f => string.Equals(f.Key, InterkassaProtocol.SignField, StringComparison.Ordinal)).Take(2).ToList();
        if (signatures.Count != 1)
        {
            return false;
        }

        byte[] digest;
        try
        {
            digest = HashJoined(SignedValues(fields), key, algorithm);
        }
        catch (ArgumentException)
        {
            // A nameless or repeated signed field: nothing such can carry a valid signature.
            return false;
        }

        return Matches(signatures[0].Value, digest);
    }

    /// <summary>Constant-time comparison of a received Base64 signature with a computed digest.</summary>
    private static bool Matches(string? signature, ReadOnlySpan<byte> digest)
    {
        // The length of a Base64 digest is public knowledge; only the content needs constant time.
        if (signature is null || signature.Length != (digest.Length + 2) / 3 * 4)
        {
            return false;
        }

        // Compare digests, not Base64 text: FixedTimeEquals is deliberately unoptimized, so 16 or 32 bytes
        // cost a third of the 24 or 44 Base64 characters. Decoding depends only on the received value.
        Span<byte> received = stackalloc byte[IkSignatureFastPath.MaxDigestBytes];
        return Convert.TryFromBase64String(signature, received, out var receivedLength)
            && receivedLength == digest.Length
            && CryptographicOperations.FixedTimeEquals(digest, received[..receivedLength]);
    }
}
