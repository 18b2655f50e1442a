using System.Security.Cryptography;
using System.Text;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>
/// The signature rule written the obvious way (filter, OrderBy ordinal, string.Join, hash), as an oracle
/// for the allocation-free implementation. Deliberately shares no code with it.
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
}
