using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>Loads a store's settings and decrypts its secrets.</summary>
public sealed class InterkassaSettingsProvider(ISettingService settingService, SecretProtector protector)
{
    public async Task<EffectiveSettings> GetAsync(int storeId)
    {
        var settings = await settingService.LoadSettingAsync<InterkassaSettings>(storeId);
        return new EffectiveSettings(settings,
            protector.Unprotect(settings.ProtectedSecretKey),
            protector.Unprotect(settings.ProtectedTestKey),
            protector.Unprotect(settings.ProtectedApiKey));
    }
}
