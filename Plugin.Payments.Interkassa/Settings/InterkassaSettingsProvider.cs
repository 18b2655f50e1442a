using Microsoft.Extensions.Caching.Memory;
using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// Loads a store's settings and decrypts its secrets. The store serves settings from its cache and drops that cache
/// in every process when any process saves a setting, so the protected values read here are always current;
/// decrypting them is the costly part, so each store's plain keys are kept in memory for as long as its protected
/// values stay the same (a changed key is a changed protected value, so it is decrypted again at once).
/// </summary>
public sealed class InterkassaSettingsProvider(ISettingService settingService, SecretProtector protector, IMemoryCache memory,
    IStoreService stores)
{
    public async Task<EffectiveSettings> GetAsync(int storeId)
    {
        var settings = await settingService.LoadSettingAsync<InterkassaSettings>(storeId);
        var cacheKey = (typeof(InterkassaSettingsProvider), storeId);
        if (!memory.TryGetValue(cacheKey, out DecryptedKeys? keys) || keys is null || !keys.Decrypts(settings))
        {
            keys = new DecryptedKeys(settings, protector);
            // A key that failed to decrypt (key ring unreachable for a moment) is not remembered as "not set".
            if (keys.AllDecrypted)
                memory.Set(cacheKey, keys);
        }
        return new EffectiveSettings(settings, keys.SecretKey, keys.TestKey, keys.ApiKey);
    }

    /// <summary>
    /// Whether a key configured for any store (shared settings included) verifies <paramref name="fields"/>' signature
    /// with that store's algorithm — the secret key or the test key, whatever the mode, so that a delivery signed with
    /// the test key in live mode still reaches the rule that names that. Settings and keys come from memory: a
    /// delivery for which this is false can be refused without reading anything.
    /// </summary>
    public async Task<bool> IsSignedWithAnyStoreKeyAsync(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        if (await IsSignedWithKeysOfAsync(0, fields))
            return true;
        foreach (var store in await stores.GetAllStoresAsync())
        {
            if (await IsSignedWithKeysOfAsync(store.Id, fields))
                return true;
        }
        return false;
    }

    private async Task<bool> IsSignedWithKeysOfAsync(int storeId, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var keys = (await GetAsync(storeId)).Keys;
        // The key the payway names first (the one the parser verifies with): a genuine delivery costs one hash here.
        var (likely, other) = NamesTestPayway(fields) ? (keys.TestKey, keys.SecretKey) : (keys.SecretKey, keys.TestKey);
        return Verifies(likely) || Verifies(other);

        bool Verifies(string? key) => key is { Length: > 0 } && IkSignature.Verify(fields, key, keys.Algorithm);
    }

    private static bool NamesTestPayway(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (name == "ik_pw_via")
                return string.Equals(value, InterkassaProtocol.TestPayway, StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>One store's keys, in plain text, with the protected values they came from. Not a record: no ToString of secrets.</summary>
    private sealed class DecryptedKeys(InterkassaSettings settings, SecretProtector protector)
    {
        private readonly string _protectedSecretKey = settings.ProtectedSecretKey;
        private readonly string _protectedTestKey = settings.ProtectedTestKey;
        private readonly string _protectedApiKey = settings.ProtectedApiKey;

        public string SecretKey { get; } = protector.Unprotect(settings.ProtectedSecretKey);

        public string TestKey { get; } = protector.Unprotect(settings.ProtectedTestKey);

        public string ApiKey { get; } = protector.Unprotect(settings.ProtectedApiKey);

        public bool AllDecrypted =>
            (_protectedSecretKey.Length == 0 || SecretKey.Length > 0)
            && (_protectedTestKey.Length == 0 || TestKey.Length > 0)
            && (_protectedApiKey.Length == 0 || ApiKey.Length > 0);

        public bool Decrypts(InterkassaSettings current) =>
            string.Equals(current.ProtectedSecretKey, _protectedSecretKey, StringComparison.Ordinal)
            && string.Equals(current.ProtectedTestKey, _protectedTestKey, StringComparison.Ordinal)
            && string.Equals(current.ProtectedApiKey, _protectedApiKey, StringComparison.Ordinal);
    }
}
