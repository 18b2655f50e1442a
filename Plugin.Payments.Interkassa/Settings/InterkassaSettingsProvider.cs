using Microsoft.Extensions.Caching.Memory;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// Loads a store's settings and decrypts its secrets. The store serves settings from its cache and drops that cache
/// in every process when any process saves a setting, so the protected values read here are always current;
/// decrypting them is the costly part, so each store's plain keys are kept in memory for as long as its protected
/// values stay the same (a changed key is a changed protected value, so it is decrypted again at once).
/// </summary>
public sealed class InterkassaSettingsProvider(ISettingService settingService, SecretProtector protector, IMemoryCache memory)
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
