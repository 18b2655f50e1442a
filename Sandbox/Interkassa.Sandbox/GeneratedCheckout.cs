using System.Globalization;
using System.Security.Cryptography;

namespace Interkassa.Sandbox;

/// <summary>
/// A checkout and API user made up for one run of the standalone sandbox when none is configured: no key is committed
/// to the repository, so a developer gets fresh ones and sees them once on the console (never in the log).
/// </summary>
public static class GeneratedCheckout
{
    private const string KeyAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Configuration keys (under <c>Sandbox:</c>) of one md5 checkout and one API user with random ids and keys.</summary>
    public static Dictionary<string, string?> Create()
    {
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sandbox:Checkouts:0:Id"] = Id(),
            ["Sandbox:Checkouts:0:SecretKey"] = Key(),
            ["Sandbox:Checkouts:0:TestKey"] = Key(),
            ["Sandbox:Checkouts:0:Algorithm"] = "md5",
            ["Sandbox:ApiUsers:0:UserId"] = Id(),
            ["Sandbox:ApiUsers:0:ApiKey"] = Key(),
            ["Sandbox:ApiUsers:0:AccountId"] = Id(),
        };
    }

    /// <summary>What the developer copies into the shop's settings.</summary>
    public static void Print(IReadOnlyDictionary<string, string?> generated, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(console);
        var line = new string('=', 64);
        console.WriteLine(line);
        console.WriteLine(" Interkassa sandbox: no checkout configured, generated for this run");
        foreach (var (key, value) in generated)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {key["Sandbox:".Length..],-26}: {value}"));
        }

        console.WriteLine(line);
    }

    // Interkassa's ids are 24 hex digits.
    private static string Id() => RandomNumberGenerator.GetHexString(24, lowercase: true);

    private static string Key() => RandomNumberGenerator.GetString(KeyAlphabet, 24);
}
