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
/// Verification allocates nothing for list or array input and costs little more than the hash: the
/// signed fields are sorted as a stack-allocated index of packed name keys (no string moves, no heap
/// writes), and the canonical string is never built: its pieces are encoded straight into a stack (or
/// pooled) buffer that is wiped after hashing because it holds the key. Two signed fields with the same
/// name make the input ambiguous (which one did the signer keep?), so <see cref="Compute"/> refuses them
/// and <see cref="Verify"/> fails.
/// </remarks>
public static class IkSignature
{
    // Covers a typical notification (16 fields, ~250–500 UTF-8 bytes); larger inputs use the array pool.
    private const int StackBufferBytes = 1024;
    private const int StackSortedFields = 32;
    private const int MaxDigestBytes = 32;
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

        Span<SortEntry> stackEntries = stackalloc SortEntry[StackSortedFields];
        var set = SignedFields.Collect(fields, ikFieldsOnly: true, stackEntries);
        try
        {
            // The length of a Base64 digest is public knowledge; only the content needs constant time.
            if (set.Problem is not null || set.Signature is not { } signature || signature.Length != Base64Length(digestLength))
            {
                return false;
            }

            // Compare digests, not Base64 text: FixedTimeEquals is deliberately unoptimized, so 16 or 32
            // bytes cost a third of 48 or 88. Decoding the received value depends only on that value.
            Span<byte> received = stackalloc byte[MaxDigestBytes];
            if (!Convert.TryFromBase64String(signature, received, out var receivedLength) || receivedLength != digestLength)
            {
                return false;
            }

            Span<byte> digest = stackalloc byte[MaxDigestBytes];
            Hash(in set, key, algorithm, digest);
            return CryptographicOperations.FixedTimeEquals(digest[..digestLength], received[..digestLength]);
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
        Span<SortEntry> stackEntries = stackalloc SortEntry[StackSortedFields];
        var set = SignedFields.Collect(fields, ikFieldsOnly: true, stackEntries);
        try
        {
            ThrowIfProblem(in set);
            var builder = new StringBuilder();
            for (var i = 0; i < set.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(':');
                }

                builder.Append(set.ValueAt(i));
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

        Span<SortEntry> stackEntries = stackalloc SortEntry[StackSortedFields];
        var set = SignedFields.Collect(fields, ikFieldsOnly, stackEntries);
        try
        {
            ThrowIfProblem(in set);
            Span<byte> digest = stackalloc byte[MaxDigestBytes];
            Hash(in set, key, algorithm, digest);
            return Convert.ToBase64String(digest[..digestLength]);
        }
        finally
        {
            set.Dispose();
        }
    }

    private static void ThrowIfProblem(in SignedFields set)
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

    private static void Hash(in SignedFields set, string key, SignatureAlgorithm algorithm, Span<byte> digest)
    {
        byte[]? rented = null;
        Span<byte> buffer = stackalloc byte[StackBufferBytes];
        try
        {
            if (!TryEncode(in set, key, buffer, out var length))
            {
                CryptographicOperations.ZeroMemory(buffer);
                rented = ArrayPool<byte>.Shared.Rent(CountBytes(in set, key));
                buffer = rented;
                TryEncode(in set, key, buffer, out length);
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
    private static bool TryEncode(in SignedFields set, string key, Span<byte> destination, out int length)
    {
        length = 0;
        for (var i = 0; i < set.Count; i++)
        {
            if (!TryAppend(set.ValueAt(i), destination, ref length) || length == destination.Length)
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

        // Most values are ASCII, which narrows faster than the general transcoder; it takes over at the first other character.
        var status = Ascii.FromUtf16(text, destination[length..], out var written);
        length += written;
        if (status == OperationStatus.InvalidData)
        {
            status = Utf8.FromUtf16(text.AsSpan(written), destination[length..], out _, out written);
            length += written;
        }

        return status == OperationStatus.Done;
    }

    private static int CountBytes(in SignedFields set, string key)
    {
        var count = set.Count + Encoding.UTF8.GetByteCount(key);
        for (var i = 0; i < set.Count; i++)
        {
            count += set.ValueAt(i) is { Length: > 0 } value ? Encoding.UTF8.GetByteCount(value) : 0;
        }

        return count;
    }

    private static bool IsSignedName(string name) =>
        name.StartsWith(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal)
        || name.Contains(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal);

    /// <summary>
    /// A signed field's position in the input, with the first eight UTF-16 code units of its name packed
    /// big-end first (missing ones as 0): comparing the packed keys as integers orders names ordinally,
    /// and only equal keys need the full string comparison. Holds no reference, so it lives on the stack.
    /// </summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct SortEntry(ulong Head, ulong Tail, int Index)
    {
        public static SortEntry For(string name, int index) => new(Pack(name, 0), Pack(name, 4), index);

        private static ulong Pack(string name, int start)
        {
            ulong packed = 0;
            for (var i = start; i < start + 4; i++)
            {
                packed = (packed << 16) | (i < name.Length ? name[i] : 0u);
            }

            return packed;
        }
    }

    private sealed class ManyFieldsComparer(IReadOnlyList<KeyValuePair<string, string>> source) : IComparer<SortEntry>
    {
        public int Compare(SortEntry x, SortEntry y) =>
            x.Head != y.Head ? x.Head.CompareTo(y.Head)
            : x.Tail != y.Tail ? x.Tail.CompareTo(y.Tail)
            : string.CompareOrdinal(source[x.Index].Key, source[y.Index].Key);
    }

    /// <summary>The signed fields of the input in signing order, plus the <c>ik_sign</c> value found on the way.</summary>
    private ref struct SignedFields
    {
        private ReadOnlySpan<KeyValuePair<string, string>> _source;
        private Span<SortEntry> _order;
        private KeyValuePair<string, string>[]? _rentedSource;
        private SortEntry[]? _rentedOrder;

        public string? Signature { get; private set; }

        /// <summary>Why the set cannot be signed unambiguously; null when it can.</summary>
        public string? Problem { get; private set; }

        public readonly int Count => _order.Length;

        public readonly string ValueAt(int position) => _source[_order[position].Index].Value;

        public static SignedFields Collect(IEnumerable<KeyValuePair<string, string>> fields, bool ikFieldsOnly, Span<SortEntry> stackOrder)
        {
            var set = default(SignedFields);

            // Arrays and lists are read in place, so no enumerator is boxed and nothing is copied.
            if (fields is KeyValuePair<string, string>[] array)
            {
                set._source = array;
            }
            else if (fields is List<KeyValuePair<string, string>> list)
            {
                set._source = CollectionsMarshal.AsSpan(list);
            }
            else
            {
                set._rentedSource = Materialize(fields, out var count);
                set._source = set._rentedSource.AsSpan(0, count);
            }

            var order = set._source.Length <= stackOrder.Length
                ? stackOrder
                : set._rentedOrder = ArrayPool<SortEntry>.Shared.Rent(set._source.Length);
            var signed = 0;
            var signatureSeen = false;
            for (var i = 0; i < set._source.Length; i++)
            {
                var name = set._source[i].Key;
                if (name is null)
                {
                    set.Problem ??= "A field has no name.";
                }
                else if (string.Equals(name, InterkassaProtocol.SignField, StringComparison.Ordinal))
                {
                    if (signatureSeen)
                    {
                        set.Problem ??= $"The field '{InterkassaProtocol.SignField}' occurs more than once.";
                    }

                    signatureSeen = true;
                    set.Signature = set._source[i].Value;
                }
                else if (!ikFieldsOnly || IsSignedName(name))
                {
                    order[signed++] = SortEntry.For(name, i);
                }
            }

            set._order = order[..signed];
            if (signed <= stackOrder.Length)
            {
                set.InsertionSort();
            }
            else
            {
                // Many fields (never a real notification): O(n log n) matters more than the allocation here.
                set.SortMany(set._rentedSource ?? (IReadOnlyList<KeyValuePair<string, string>>)fields);
            }

            return set;
        }

        public void Dispose()
        {
            if (_rentedSource is not null)
            {
                ArrayPool<KeyValuePair<string, string>>.Shared.Return(_rentedSource, clearArray: true);
                _rentedSource = null;
            }

            if (_rentedOrder is not null)
            {
                ArrayPool<SortEntry>.Shared.Return(_rentedOrder);
                _rentedOrder = null;
            }

            _source = default;
            _order = default;
        }

        private static KeyValuePair<string, string>[] Materialize(IEnumerable<KeyValuePair<string, string>> fields, out int count)
        {
            KeyValuePair<string, string>[] buffer;
            count = 0;
            if (fields is IReadOnlyList<KeyValuePair<string, string>> list)
            {
                // Indexing avoids boxing an enumerator (ReadOnlyCollection and the like).
                buffer = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(Math.Max(list.Count, 1));
                for (; count < list.Count; count++)
                {
                    buffer[count] = list[count];
                }

                return buffer;
            }

            buffer = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(fields.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 1) : 16);
            foreach (var field in fields)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<KeyValuePair<string, string>>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                buffer[count++] = field;
            }

            return buffer;
        }

        // Insertion sort: a notification has a few dozen fields, usually in an order close to sorted,
        // and most comparisons are settled by the packed keys without touching the strings.
        private void InsertionSort()
        {
            var order = _order;
            var source = _source;
            for (var i = 1; i < order.Length; i++)
            {
                var entry = order[i];
                var j = i - 1;
                int comparison;
                while (j >= 0 && (comparison = Compare(source, order[j], entry)) >= 0)
                {
                    if (comparison == 0)
                    {
                        Problem ??= $"The signed field '{source[entry.Index].Key}' occurs more than once.";
                        break;
                    }

                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = entry;
            }
        }

        private void SortMany(IReadOnlyList<KeyValuePair<string, string>> source)
        {
            _order.Sort(new ManyFieldsComparer(source));
            for (var i = 1; i < _order.Length && Problem is null; i++)
            {
                if (Compare(_source, _order[i - 1], _order[i]) == 0)
                {
                    Problem = $"The signed field '{_source[_order[i].Index].Key}' occurs more than once.";
                }
            }
        }

        private static int Compare(ReadOnlySpan<KeyValuePair<string, string>> source, SortEntry left, SortEntry right) =>
            left.Head != right.Head ? left.Head.CompareTo(right.Head)
            : left.Tail != right.Tail ? left.Tail.CompareTo(right.Tail)
            : string.CompareOrdinal(source[left.Index].Key, source[right.Index].Key);
    }
}
