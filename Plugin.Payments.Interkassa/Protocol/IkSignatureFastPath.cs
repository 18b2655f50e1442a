using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>
/// <see cref="IkSignature"/>'s rule for the ordinary shape of input, without touching the heap: an array or list of
/// at most <see cref="MaxFields"/> fields, distinct signed names (when they need sorting, ASCII in their first eight characters), a canonical
/// string of at most <see cref="MaxCanonicalBytes"/> UTF-8 bytes. Anything else is declined, and the caller applies
/// the rule as written.
/// </summary>
/// <remarks>
/// Fields already in signing order are taken as they come; others are sorted as a stack index of name prefixes
/// packed into integers (no string moves). The canonical string is never built: its pieces are encoded straight into
/// a stack buffer, wiped after hashing because it holds the key.
/// </remarks>
internal static class IkSignatureFastPath
{
    public const int MaxDigestBytes = 32;

    /// <summary>A notification or a payment form has about twenty fields.</summary>
    public const int MaxFields = 48;

    /// <summary>A typical canonical string is 250–500 bytes.</summary>
    public const int MaxCanonicalBytes = 1024;

    private const byte Separator = (byte)':';

    /// <summary>
    /// Hashes the canonical string of <paramref name="fields"/> into <paramref name="digest"/> and reports the
    /// <c>ik_sign</c> value met on the way (null when there is none). False when the input is not of the shape
    /// handled here (including a repeated <c>ik_sign</c> or signed name, or a null name): then nothing is reported.
    /// </summary>
    public static bool TryHash(IEnumerable<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm,
        Span<byte> digest, out string? signature)
    {
        signature = null;
        return fields switch
        {
            KeyValuePair<string, string>[] array => TryHash(array, key, algorithm, digest, out signature),
            List<KeyValuePair<string, string>> list => TryHash(CollectionsMarshal.AsSpan(list), key, algorithm, digest, out signature),
            IReadOnlyList<KeyValuePair<string, string>> { Count: <= MaxFields } other => TryHashCopy(other, key, algorithm, digest, out signature),
            _ => false,
        };
    }

    // Read-only wrappers (PaymentForm.Fields) are copied to the stack, so no enumerator is boxed.
    private static bool TryHashCopy(IReadOnlyList<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm,
        Span<byte> digest, out string? signature)
    {
        var copy = default(FieldBuffer);
        Span<KeyValuePair<string, string>> span = copy;
        var count = Math.Min(fields.Count, MaxFields);
        for (var i = 0; i < count; i++)
        {
            span[i] = fields[i];
        }

        return TryHash(span[..count], key, algorithm, digest, out signature);
    }

    private static bool TryHash(ReadOnlySpan<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm,
        Span<byte> digest, out string? signature)
    {
        signature = null;
        if (fields.Length > MaxFields)
        {
            return false;
        }

        // The signed fields' positions, in signing order once sorted. Fields already in that order (the way
        // PaymentFormBuilder lists them) are recognised on the way and need no sorting.
        Span<int> order = stackalloc int[fields.Length];
        var signed = 0;
        var signatures = 0;
        var inOrder = true;
        string? previous = null;
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i].Key;
            if (name is null)
            {
                signature = null;
                return false;
            }

            if (string.Equals(name, InterkassaProtocol.SignField, StringComparison.Ordinal))
            {
                signature = fields[i].Value;
                signatures++;
            }
            // Almost every signed name starts with ik_, which is cheaper to check than a search.
            else if (name.StartsWith(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal)
                || name.Contains(InterkassaProtocol.SignedFieldMarker, StringComparison.Ordinal))
            {
                // Strictly increasing also means no name repeats; anything else goes to the sort, which tells.
                inOrder = inOrder && (previous is null || string.CompareOrdinal(previous, name) < 0);
                previous = name;
                order[signed++] = i;
            }
        }

        order = order[..signed];
        if (signatures > 1 || (!inOrder && !TrySort(order, fields)))
        {
            signature = null;
            return false;
        }

        Span<byte> canonical = stackalloc byte[MaxCanonicalBytes];
        if (!TryEncode(fields, order, key, canonical, out var length))
        {
            CryptographicOperations.ZeroMemory(canonical);
            signature = null;
            return false;
        }

        var data = canonical[..length];
        _ = algorithm == SignatureAlgorithm.Md5
#pragma warning disable CA5351 // MD5 is one of the two algorithms the protocol mandates; the merchant chooses it in Interkassa's cabinet.
            ? MD5.HashData(data, digest)
#pragma warning restore CA5351
            : SHA256.HashData(data, digest);
        CryptographicOperations.ZeroMemory(data);
        return true;
    }

    // Insertion sort: twenty-odd fields, often close to sorted, most comparisons settled by the packed keys.
    // False on a repeated name (the caller's rule decides what that means) or a name the keys cannot pack.
    private static bool TrySort(Span<int> order, ReadOnlySpan<KeyValuePair<string, string>> fields)
    {
        Span<SortKey> keys = stackalloc SortKey[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (!SortKey.TryCreate(fields[order[i]].Key, order[i], out keys[i]))
            {
                return false;
            }
        }

        for (var i = 1; i < keys.Length; i++)
        {
            var entry = keys[i];
            var j = i - 1;
            int comparison;
            while (j >= 0 && (comparison = SortKey.Compare(keys[j], entry, fields)) >= 0)
            {
                if (comparison == 0)
                {
                    return false;
                }

                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = entry;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            order[i] = keys[i].Index;
        }

        return true;
    }

    // "v1:v2:…:vn:key" as UTF-8, without building the string; false when it does not fit.
    private static bool TryEncode(ReadOnlySpan<KeyValuePair<string, string>> fields, ReadOnlySpan<int> order, string key,
        Span<byte> destination, out int length)
    {
        length = 0;
        foreach (var index in order)
        {
            if (!TryAppend(fields[index].Value, destination, ref length) || length == destination.Length)
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

    /// <summary>
    /// A signed field's position, with the first eight characters of its name as bytes, big-end first (missing ones
    /// as 0): comparing the keys as integers orders ASCII names ordinally, and only equal keys need the strings.
    /// </summary>
    private readonly record struct SortKey(ulong Prefix, int Index)
    {
        /// <summary>False for a name with a character beyond ASCII among its first eight (never seen in practice).</summary>
        public static bool TryCreate(string name, int index, out SortKey key)
        {
            ulong prefix = 0;
            var length = Math.Min(name.Length, 8);
            var allBits = 0u;
            for (var i = 0; i < length; i++)
            {
                allBits |= name[i];
                prefix = (prefix << 8) | name[i];
            }

            key = new(length == 0 ? 0 : prefix << (8 * (8 - length)), index);
            return allBits <= 0x7F;
        }

        public static int Compare(SortKey left, SortKey right, ReadOnlySpan<KeyValuePair<string, string>> fields) =>
            left.Prefix != right.Prefix
                ? left.Prefix.CompareTo(right.Prefix)
                : string.CompareOrdinal(fields[left.Index].Key, fields[right.Index].Key);
    }

    [InlineArray(MaxFields)]
    private struct FieldBuffer
    {
        private KeyValuePair<string, string> _first;
    }
}
