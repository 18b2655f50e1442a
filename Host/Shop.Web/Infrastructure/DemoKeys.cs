using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Shop.Abstractions.Settings;

namespace Shop.Web.Infrastructure;

/// <summary>
/// The demo's Interkassa checkout and API user, made up at random for each database: nothing of them is committed, so
/// knowing the repository does not let anyone sign a request to a demo sandbox.
/// </summary>
public sealed record DemoKeys(string CheckoutId, string SecretKey, string TestKey, string ApiUserId, string ApiKey, string ApiAccountId)
{
    private const string KeyAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static DemoKeys Generate() => new(Id(), Key(), Key(), Id(), Key(), Id());

    /// <summary>Names the checkout only: the keys must not reach a log through a formatted record.</summary>
    public override string ToString() => $"DemoKeys {{ CheckoutId = {CheckoutId} }}";

    // Interkassa's ids are 24 hex digits.
    private static string Id() => RandomNumberGenerator.GetHexString(24, lowercase: true);

    private static string Key() => RandomNumberGenerator.GetString(KeyAlphabet, 24);
}

/// <summary>Keeps this database's demo keys in the store's settings, encrypted with the store's Data Protection keys.</summary>
public sealed class DemoKeyStore(ISettingService settings, IDataProtectionProvider protection)
{
    public const string SettingKey = "demo.interkassa.keys";

    private const string Purpose = "Shop.Web.Demo.InterkassaKeys.v1";

    /// <summary>The stored keys; on the first demo start of a database, new ones (stored before they are returned).</summary>
    public async Task<DemoKeys> LoadOrCreateAsync()
    {
        var protector = protection.CreateProtector(Purpose);
        if (await settings.GetSettingByKeyAsync<string?>(SettingKey) is { Length: > 0 } stored)
        {
            return JsonSerializer.Deserialize<DemoKeys>(protector.Unprotect(stored))
                ?? throw new InvalidOperationException($"The setting {SettingKey} holds no demo keys.");
        }

        var keys = DemoKeys.Generate();
        await settings.SetSettingAsync(SettingKey, protector.Protect(JsonSerializer.Serialize(keys)));
        return keys;
    }
}

/// <summary>
/// Configuration filled at start-up with this database's demo keys: the mounted sandbox binds <c>Sandbox</c>, the
/// Interkassa plugin's installer reads <c>Demo:Interkassa</c>. Empty until <see cref="Publish"/>.
/// </summary>
internal sealed class DemoKeysConfiguration : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Publish(DemoKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Demo:Interkassa:CheckoutId"] = keys.CheckoutId,
            ["Demo:Interkassa:SecretKey"] = keys.SecretKey,
            ["Demo:Interkassa:TestKey"] = keys.TestKey,
            ["Demo:Interkassa:Algorithm"] = "Md5",
            ["Demo:Interkassa:SciPath"] = DemoSandbox.PathPrefix + "/",
            ["Demo:Interkassa:ApiPath"] = DemoSandbox.PathPrefix + "/v1/",
            ["Demo:Interkassa:ApiUserId"] = keys.ApiUserId,
            ["Demo:Interkassa:ApiKey"] = keys.ApiKey,
            ["Demo:Interkassa:ApiAccountId"] = keys.ApiAccountId,
            ["Sandbox:Checkouts:0:Id"] = keys.CheckoutId,
            ["Sandbox:Checkouts:0:Name"] = "Демо-магазин",
            ["Sandbox:Checkouts:0:SecretKey"] = keys.SecretKey,
            ["Sandbox:Checkouts:0:TestKey"] = keys.TestKey,
            ["Sandbox:Checkouts:0:Algorithm"] = "md5",
            ["Sandbox:ApiUsers:0:UserId"] = keys.ApiUserId,
            ["Sandbox:ApiUsers:0:ApiKey"] = keys.ApiKey,
            ["Sandbox:ApiUsers:0:AccountId"] = keys.ApiAccountId,
        };
        OnReload();
    }
}
