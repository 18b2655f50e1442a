using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>
/// The <c>ik_sign</c> rule: the fields whose name contains <c>ik_</c> (except <c>ik_sign</c>), sorted by
/// name ordinally, their values and then the key joined with ':', hashed as UTF-8, Base64 of the raw digest.
/// </summary>
/// <remarks>
/// Verification allocates nothing for list or array input: the canonical string is never built as a
/// string, its pieces are encoded straight into a stack (or pooled) buffer that is wiped after hashing
/// because it holds the key. Two signed fields with the same name make the input ambiguous (which one
/// did the signer keep?), so <see cref="Compute"/> refuses them and <see cref="Verify"/> fails.
/// </remarks>
public static class IkSignature
{
    // Covers a typical notification (16 fields, ~500 UTF-8 bytes); larger inputs use the array pool.
    private const int StackBufferBytes = 1024;
    private const int MaxDigestBytes = 32;
    private const int MaxSignatureChars = 44;
    private const byte Separator = (byte)':';

    /// <summary>Signs with the full rule (only <c>ik_</c> fields, <c>ik_sign</c> excluded).</summary>
    /// <exception cref="ArgumentException">The key is empty, a field name is null, or a signed name occurs twice.</exception>
    public static string Compute(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm) =>
        ComputeCore(fields, key, algorithm, ikFieldsOnly: true);

    /// <summary>
    /// The same join/hash/Base64 core over every field given, without the <c>ik_</c> filter (<c>ik_sign</c>
    /// is still left out). Only the published SDK vectors sign this way; Interkassa itself never does.
    /// </summary>
    public static string ComputeOverAllFields(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm) =>
        ComputeCore(fields, key, algorithm, ikFieldsOnly: false);

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

        var set = SignedFieldSet.Collect(fields, ikFieldsOnly: true);
        try
        {
            if (set.Problem is not null || set.Signature is not { Length: > 0 } signature)
            {
                return false;
            }

            // The length of a Base64 digest is public knowledge; only the content needs constant time.
            if (signature.Length != Base64Length(digestLength))
            {
                return false;
            }

            Span<byte> digest = stackalloc byte[MaxDigestBytes];
            Hash(set.Items, key, algorithm, digest);
            Span<char> expected = stackalloc char[MaxSignatureChars];
            Convert.TryToBase64Chars(digest[..digestLength], expected, out var written);
            return CryptographicOperations.FixedTimeEquals(
                MemoryMarshal.AsBytes(expected[..written]),
                MemoryMarshal.AsBytes(signature.AsSpan()));
        }
        finally
        {
            set.Dispose();
        }
    }

    /// <summary>
    /// The signed values in signing order joined with ':', without the key: what an admin may be shown
    /// (followed by <c>:****</c>) to compare with Interkassa's side. Never append the key for display or logs.
    /// </summary>
    public static string BuildSignedString(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var set = SignedFieldSet.Collect(fields, ikFieldsOnly: true);
        try
        {
            ThrowIfProblem(set);
            var builder = new StringBuilder();
            var items = set.Items;
            for (var i = 0; i < items.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(':');
                }

                builder.Append(items[i].Value);
            }

            return builder.ToString();
        }
        finally
        {
            set.Dispose();
        }
    }

    private static string ComputeCore(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm, bool ikFieldsOnly)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var digestLength = DigestLength(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(key);

        var set = SignedFieldSet.Collect(fields, ikFieldsOnly);
        try
        {
            ThrowIfProblem(set);
            Span<byte> digest = stackalloc byte[MaxDigestBytes];
            Hash(set.Items, key, algorithm, digest);
            return Convert.ToBase64String(digest[..digestLength]);
        }
        finally
        {
            set.Dispose();
        }
    }

    private static void ThrowIfProblem(in SignedFieldSet set)
    {
        if (set.Problem is not null)
        {
            throw new ArgumentException(set.Problem, "fields");
        }
    }

    private static int DigestLength(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Md5 => MD5.HashSizeInBytes,
        SignatureAlgorithm.Sha256 => SHA256.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Interkassa signs with MD5 or SHA-256 only."),
    };

    private static int Base64Length(int byteCount) => (byteCount + 2) / 3 * 4;

    private static void Hash(ReadOnlySpan<KeyValuePair<string, string>> items, string key, SignatureAlgorithm algorithm, Span<byte> digest)
    {
        byte[]? rented = null;
        Span<byte> buffer = stackalloc byte[StackBufferBytes];
        try
        {
            if (!TryEncode(items, key, buffer, out var length))
            {
                CryptographicOperations.ZeroMemory(buffer);
                rented = ArrayPool<byte>.Shared.Rent(CountBytes(items, key));
                buffer = rented;
                TryEncode(items, key, buffer, out length);
            }

            var data = buffer[..length];
            _ = algorithm == SignatureAlgorithm.Md5
#pragma warning disable CA5351 // MD5 is one of the two algorithms the protocol mandates; the merchant chooses it in Interkassa's cabinet.
                ? MD5.HashData(data, digest)
#pragma warning restore CA5351
                : SHA256.HashData(data, digest);
            CryptographicOperations.ZeroMemory(data);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Encodes "v1:v2:…:vn:key" as UTF-8 without building the string; false when it does not fit.
    private static bool TryEncode(ReadOnlySpan<KeyValuePair<string, string>> items, string key, Span<byte> destination, out int length)
    {
        length = 0;
        foreach (var item in items)
        {
            if (!TryAppend(item.Value, destination, ref length) || length == destination.Length)
            {
                return false;
            }

            destination[length++] = Separator;
        }

        return TryAppend(key, destination, ref length);
    }

    private static bool TryAppend(string? text, Span<byte> destination, ref int length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var status = Utf8.FromUtf16(text, destination[length..], out _, out var written);
        length += written;
        return status == OperationStatus.Done;
    }

    private static int CountBytes(ReadOnlySpan<KeyValuePair<string, string>> items, string key)
    {
        var count = items.Length + Encoding.UTF8.GetByteCount(key);
        foreach (var item in items)
        {
            count += string.IsNullOrEmpty(item.Value) ? 0 : Encoding.UTF8.GetByteCount(item.Value);
        }

        return count;
    }

    /// <summary>The signed fields sorted by name in a pooled array, plus the <c>ik_sign</c> value found on the way.</summary>
    private struct SignedFieldSet : IDisposable
    {
        private KeyValuePair<string, string>[] _buffer;
        private int _count;
        private bool _signatureSeen;

        public string? Signature { get; private set; }

        /// <summary>Why the set cannot be signed unambiguously; null when it can.</summary>
        public string? Problem { get; private set; }

        public readonly ReadOnlySpan<KeyValuePair<string, string>> Items => _buffer.AsSpan(0, _count);

        public static SignedFieldSet Collect(IEnumerable<KeyValuePair<string, string>> fields, bool ikFieldsOnly)
        {
            var capacity = fields.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 1) : 16;
            var set = new SignedFieldSet { _buffer = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(capacity) };

            // Indexing a list avoids boxing its enumerator, which keeps verification allocation-free.
            if (fields is IReadOnlyList<KeyValuePair<string, string>> list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    set.Add(list[i], ikFieldsOnly);
                }
            }
            else
            {
                foreach (var field in fields)
                {
                    set.Add(field, ikFieldsOnly);
                }
            }

            var items = set._buffer.AsSpan(0, set._count);
            items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            for (var i = 1; i < items.Length && set.Problem is null; i++)
            {
                if (string.Equals(items[i - 1].Key, items[i].Key, StringComparison.Ordinal))
                {
                    set.Problem = $"The signed field '{items[i].Key}' occurs more than once.";
                }
            }

            return set;
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<KeyValuePair<string, string>>.Shared.Return(_buffer, clearArray: true);
                _buffer = null!;
                _count = 0;
            }
        }

        private void Add(KeyValuePair<string, string> field, bool ikFieldsOnly)
        {
            var name = field.Key;
            if (name is null)
            {
                Problem ??= "A field has no name.";
                return;
            }

            if (string.Equals(name, InterkassaProtocol.SignField, StringComparison.Ordinal))
            {
                if (_signatureSeen)
                {
                    Problem ??= $"The field '{InterkassaProtocol.SignField}' occurs more than once.";
                }

                _signatureSeen = true;
                Signature = field.Value;
                return;
            }

            if (ikFieldsOnly && !name.Contains(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal))
            {
                return;
            }

            if (_count == _buffer.Length)
            {
                var larger = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _count).CopyTo(larger);
                ArrayPool<KeyValuePair<string, string>>.Shared.Return(_buffer, clearArray: true);
                _buffer = larger;
            }

            _buffer[_count++] = field;
        }
    }
}
