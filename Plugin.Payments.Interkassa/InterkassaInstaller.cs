using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa;

/// <summary>
/// Install, update and uninstall: tables, settings and language resources. Uninstalling removes settings, keys,
/// resources and the task, but keeps the payment history unless the admin asks to delete it (refunds of paid orders
/// need it after a reinstall), and never forgets the payment numbers already sent to Interkassa.
/// </summary>
public sealed partial class InterkassaInstaller(
    InterkassaSchema schema,
    Operations.OperationsInstaller operations,
    ISettingService settingService,
    ILocalizationService localization,
    ILanguageService languages,
    SecretProtector protector,
    IConfiguration configuration,
    StoreDemoMode demoMode,
    ILogger<InterkassaInstaller> logger)
{
    public async Task InstallAsync(string? pluginDirectory)
    {
        await schema.CreateAsync();
        await settingService.SaveSettingAsync(DefaultSettings());
        await settingService.SetSettingAsync(InterkassaDefaults.SchemaVersionSetting, InterkassaSchema.CurrentVersion);
        await ImportLanguagePacksAsync(pluginDirectory);
        await operations.InstallAsync();
    }

    public async Task UpdateAsync(string? pluginDirectory)
    {
        var from = await settingService.GetSettingByKeyAsync(InterkassaDefaults.SchemaVersionSetting, defaultValue: 1);
        await schema.CreateAsync();
        await schema.UpgradeAsync(from);
        await settingService.SetSettingAsync(InterkassaDefaults.SchemaVersionSetting, InterkassaSchema.CurrentVersion);
        await ImportLanguagePacksAsync(pluginDirectory);
        await operations.InstallAsync();
    }

    public async Task UninstallAsync(bool deleteHistory)
    {
        await operations.UninstallAsync();
        if (deleteHistory)
            await schema.DeleteHistoryAsync();
        await settingService.DeleteSettingAsync<InterkassaSettings>();
        // The single keys (schema version, each store's last reconciliation) — nopCommerce: GetAllSettingsAsync + DeleteSettingsAsync.
        if (settingService is ISettingPrefixDeletion prefixed)
            await prefixed.DeleteSettingsByPrefixAsync("interkassa.");
        await localization.DeleteLocaleResourcesAsync(InterkassaDefaults.ResourcePrefix);
        await localization.DeleteLocaleResourcesAsync(InterkassaDefaults.FriendlyNameResource);
    }

    /// <summary>Defaults; in the store's demo mode, credentials of the in-process sandbox.</summary>
    private InterkassaSettings DefaultSettings()
    {
        var settings = new InterkassaSettings();
        // Only the store's demo mode (Development with Demo:Enabled) hands the plugin the sandbox's credentials.
        var demo = configuration.GetSection(InterkassaDefaults.DemoSection);
        if (!demoMode.IsOn || !demo.Exists())
            return settings;

        settings.CheckoutId = demo["CheckoutId"] ?? "";
        settings.ProtectedSecretKey = protector.Protect(demo["SecretKey"] ?? "");
        settings.ProtectedTestKey = protector.Protect(demo["TestKey"] ?? "");
        settings.Algorithm = Enum.TryParse<SignatureAlgorithm>(demo["Algorithm"], ignoreCase: true, out var algorithm) ? algorithm : SignatureAlgorithm.Md5;
        settings.TestMode = true;
        settings.SciUrl = demo["SciPath"] ?? settings.SciUrl;
        settings.ApiUrl = demo["ApiPath"] ?? settings.ApiUrl;
        settings.ApiUserId = demo["ApiUserId"] ?? "";
        settings.ProtectedApiKey = protector.Protect(demo["ApiKey"] ?? "");
        settings.ApiAccountId = demo["ApiAccountId"] ?? "";
        LogDemoConfigured(logger, settings.CheckoutId);
        return settings;
    }

    /// <summary>Imports Localization/&lt;culture&gt;.xml for each store language; a language without a pack gets English.</summary>
    private async Task ImportLanguagePacksAsync(string? pluginDirectory)
    {
        var folder = Path.Combine(pluginDirectory ?? AppContext.BaseDirectory, "Localization");
        foreach (var language in await languages.GetAllLanguagesAsync(showHidden: true))
        {
            var path = Path.Combine(folder, language.LanguageCulture + ".xml");
            if (!File.Exists(path))
                path = Path.Combine(folder, "en-US.xml");
            if (!File.Exists(path))
            {
                LogPackMissing(logger, folder, language.LanguageCulture);
                continue;
            }

            using var reader = new StreamReader(path);
            await localization.ImportResourcesFromXmlAsync(language, reader, updateExistingResources: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Interkassa configured for the demo sandbox, checkout {CheckoutId}")]
    private static partial void LogDemoConfigured(ILogger logger, string checkoutId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Interkassa language pack in {Folder} for {Culture}")]
    private static partial void LogPackMissing(ILogger logger, string folder, string culture);
}
