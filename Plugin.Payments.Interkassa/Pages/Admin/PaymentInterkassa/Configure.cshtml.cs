using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Plugins;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>The plugin's configure page: four tabs, per-store overrides, write-only secrets (operations: Configure.Operations.cs).</summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed partial class ConfigureModel(
    ISettingService settingService,
    SettingsScope scope,
    SecretProtector protector,
    IStoreContext storeContext,
    IStoreService storeService,
    IWebHelper webHelper,
    ILanguageService languageService,
    ILocalizationService localization,
    ICurrencyService currencyService,
    ICustomerService customerService,
    IPluginService pluginService) : PageModel
{
    /// <summary>Largest logo accepted, bytes.</summary>
    public const int MaxLogoBytes = 256 * 1024;

    [BindProperty]
    public ConfigureInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Logo { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "connection";

    public int StoreScope { get; private set; }

    public string ScopeName { get; private set; } = "";

    public IReadOnlyList<Language> Languages { get; private set; } = [];

    /// <summary>Masked stored secrets ("••••1234"), empty when none is set.</summary>
    public string SecretKeyMask { get; private set; } = "";
    public string TestKeyMask { get; private set; } = "";
    public string ApiKeyMask { get; private set; } = "";

    /// <summary>URLs to paste into the Interkassa cabinet.</summary>
    public IReadOnlyList<(string Resource, string Url)> CabinetUrls { get; private set; } = [];

    public string? LogoUrl { get; private set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved = false)
    {
        // A GET validates nothing the admin typed: only POST handlers report field errors.
        ModelState.Clear();
        Saved = saved;
        var settings = await LoadContextAsync();
        Input = ToInput(settings, await scope.GetOverriddenAsync(settings, StoreScope));
    }

    public async Task<IActionResult> OnPostAsync([FromServices] StoreDemoMode demo)
    {
        var stored = await LoadContextAsync();
        var settings = FromInput(stored);

        var secret = Input.SecretKey?.Trim() ?? "";
        var test = Input.TestKey?.Trim() ?? "";
        var api = Input.ApiKey?.Trim() ?? "";
        var hasSecret = secret.Length > 0 || protector.Unprotect(stored.ProtectedSecretKey).Length > 0;
        var hasTest = test.Length > 0 || protector.Unprotect(stored.ProtectedTestKey).Length > 0;

        var currencies = (await currencyService.GetAllCurrenciesAsync(showHidden: true)).Select(c => c.CurrencyCode).ToList();
        var roles = (await customerService.GetAllCustomerRolesAsync()).Select(r => r.SystemName).ToList();
        foreach (var field in _numberErrors)
            ModelState.AddModelError($"{nameof(Input)}.{field}", await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Errors.Number"));
        foreach (var error in SettingsValidator.Validate(settings, hasSecret, hasTest, currencies, roles, storePathsAllowed: demo.IsOn))
            ModelState.AddModelError($"{nameof(Input)}.{error.Field}", await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + error.Resource));

        var logo = await ReadLogoAsync();
        if (!ModelState.IsValid)
        {
            Tab = TabOf(ModelState.Keys.First(k => ModelState[k]!.Errors.Count > 0));
            return Page();
        }

        // Secrets: an empty field keeps what is stored; a new value is encrypted before it reaches the store.
        if (secret.Length > 0)
            settings.ProtectedSecretKey = protector.Protect(secret);
        if (test.Length > 0)
            settings.ProtectedTestKey = protector.Protect(test);
        if (api.Length > 0)
            settings.ProtectedApiKey = protector.Protect(api);

        var overridden = Input.Overrides.ToHashSet(StringComparer.Ordinal);
        foreach (var secretField in new[] { (secret, nameof(InterkassaSettings.ProtectedSecretKey)), (test, nameof(InterkassaSettings.ProtectedTestKey)), (api, nameof(InterkassaSettings.ProtectedApiKey)) })
        {
            if (secretField.Item1.Length > 0)
                overridden.Add(secretField.Item2);
        }

        await scope.SaveAsync(settings, StoreScope, overridden);
        await SaveFriendlyNamesAsync();
        if (logo is not null)
            await SaveLogoAsync(logo);
        return RedirectToPage(new { saved = true, tab = Tab });
    }

    private async Task<InterkassaSettings> LoadContextAsync()
    {
        StoreScope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        var store = StoreScope == 0 ? null : await storeService.GetStoreByIdAsync(StoreScope);
        ScopeName = store?.Name ?? "";
        Languages = await languageService.GetAllLanguagesAsync(showHidden: true);

        var settings = await settingService.LoadSettingAsync<InterkassaSettings>(StoreScope);
        SecretKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedSecretKey));
        TestKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedTestKey));
        ApiKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedApiKey));

        var location = await webHelper.GetStoreLocationAsync(StoreScope == 0 ? null : StoreScope);
        CabinetUrls =
        [
            ("Configure.Urls.Notification", location + InterkassaDefaults.NotifyPath),
            ("Configure.Urls.Success", location + InterkassaDefaults.SuccessPath),
            ("Configure.Urls.Fail", location + InterkassaDefaults.FailPath),
            ("Configure.Urls.Pending", location + InterkassaDefaults.PendingPath),
        ];

        var descriptor = pluginService.GetPluginDescriptorBySystemName(InterkassaDefaults.SystemName);
        LogoUrl = descriptor?.PluginDirectory is { } folder && System.IO.File.Exists(Path.Combine(folder, "logo.png"))
            ? $"/Plugins/{Path.GetFileName(folder)}/logo.png"
            : null;
        return settings;
    }

    private ConfigureInput ToInput(InterkassaSettings s, HashSet<string> overridden) => new()
    {
        CheckoutId = s.CheckoutId,
        Algorithm = s.Algorithm,
        TestMode = s.TestMode,
        SciUrl = s.SciUrl,
        PaymentCurrency = s.PaymentCurrency,
        PaymentLifetimeMinutes = s.PaymentLifetimeMinutes,
        DescriptionTemplate = s.DescriptionTemplate,
        PaywaysOn = s.PaywaysOn,
        PaywaysOff = s.PaywaysOff,
        NotificationMethod = s.NotificationMethod,
        AllowedSourceAddresses = s.AllowedSourceAddresses,
        ApiUrl = s.ApiUrl,
        ApiUserId = s.ApiUserId,
        ApiAccountId = s.ApiAccountId,
        Names = Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedNames, l.LanguageCulture)),
        Descriptions = Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedDescriptions, l.LanguageCulture)),
        ShowLogo = s.ShowLogo,
        MinOrderTotal = s.MinOrderTotal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        MaxOrderTotal = s.MaxOrderTotal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AllowedCurrencies = s.AllowedCurrencies,
        AllowedCountries = s.AllowedCountries,
        AllowedCustomerRoles = s.AllowedCustomerRoles,
        CommissionPercent = s.CommissionPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BuyerCommissionSharePercent = s.BuyerCommissionSharePercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FixedFee = s.FixedFee.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Overrides = [.. overridden],
    };

    /// <summary>The posted values over the stored settings, trimmed and normalized (secrets untouched here).</summary>
    private InterkassaSettings FromInput(InterkassaSettings stored)
    {
        static string Clean(string? value) => value?.Trim() ?? "";
        static string CleanList(string? value, bool upper) =>
            string.Join(";", PaymentFormService.SplitList(value ?? "").Select(v => upper ? v.ToUpperInvariant() : v));

        return new InterkassaSettings
        {
            CheckoutId = Clean(Input.CheckoutId),
            ProtectedSecretKey = stored.ProtectedSecretKey,
            ProtectedTestKey = stored.ProtectedTestKey,
            Algorithm = Input.Algorithm,
            TestMode = Input.TestMode,
            SciUrl = Clean(Input.SciUrl),
            PaymentCurrency = Clean(Input.PaymentCurrency).ToUpperInvariant(),
            PaymentLifetimeMinutes = Input.PaymentLifetimeMinutes,
            DescriptionTemplate = Clean(Input.DescriptionTemplate),
            PaywaysOn = CleanList(Input.PaywaysOn, upper: false),
            PaywaysOff = CleanList(Input.PaywaysOff, upper: false),
            NotificationMethod = Clean(Input.NotificationMethod).ToLowerInvariant(),
            AllowedSourceAddresses = string.Join(", ", PaymentFormService.SplitList(Input.AllowedSourceAddresses ?? "")),
            ApiUrl = Clean(Input.ApiUrl),
            ApiUserId = Clean(Input.ApiUserId),
            ProtectedApiKey = stored.ProtectedApiKey,
            ApiAccountId = Clean(Input.ApiAccountId),
            LocalizedNames = LocalizedText.Write(Input.Names.ToDictionary(p => p.Key, p => p.Value ?? "")),
            LocalizedDescriptions = LocalizedText.Write(Input.Descriptions.ToDictionary(p => p.Key, p => p.Value ?? "")),
            ShowLogo = Input.ShowLogo,
            MinOrderTotal = ParseAmount(nameof(ConfigureInput.MinOrderTotal), Input.MinOrderTotal),
            MaxOrderTotal = ParseAmount(nameof(ConfigureInput.MaxOrderTotal), Input.MaxOrderTotal),
            AllowedCurrencies = CleanList(Input.AllowedCurrencies, upper: true),
            AllowedCountries = CleanList(Input.AllowedCountries, upper: true),
            AllowedCustomerRoles = CleanList(Input.AllowedCustomerRoles, upper: false),
            CommissionPercent = ParseAmount(nameof(ConfigureInput.CommissionPercent), Input.CommissionPercent),
            BuyerCommissionSharePercent = ParseAmount(nameof(ConfigureInput.BuyerCommissionSharePercent), Input.BuyerCommissionSharePercent),
            FixedFee = ParseAmount(nameof(ConfigureInput.FixedFee), Input.FixedFee),
        };
    }

    /// <summary>An amount typed with a dot or a comma; anything else is a field error (and 0 meanwhile).</summary>
    private decimal ParseAmount(string field, string? value)
    {
        var text = (value ?? "").Trim().Replace(',', '.');
        if (text.Length == 0)
            return 0m;
        if (decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount))
            return amount;
        _numberErrors.Add(field);
        return 0m;
    }

    private readonly List<string> _numberErrors = [];

    /// <summary>A name entered for a language becomes the store's name of the method in that language.</summary>
    private async Task SaveFriendlyNamesAsync()
    {
        foreach (var language in Languages)
        {
            var name = Input.Names.GetValueOrDefault(language.LanguageCulture)?.Trim();
            if (!string.IsNullOrEmpty(name))
                await localization.AddOrUpdateLocaleResourcesAsync(new Dictionary<string, string> { [InterkassaDefaults.FriendlyNameResource] = name }, language.Id);
        }
    }

    /// <summary>Reads an uploaded logo: a PNG of at most <see cref="MaxLogoBytes"/>; other files get a field error.</summary>
    private async Task<byte[]?> ReadLogoAsync()
    {
        if (Logo is null || Logo.Length == 0)
            return null;
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (Logo.Length > MaxLogoBytes)
        {
            ModelState.AddModelError(nameof(Logo), await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Errors.LogoSize"));
            return null;
        }

        using var buffer = new MemoryStream();
        await Logo.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        if (!bytes.AsSpan().StartsWith(png))
        {
            ModelState.AddModelError(nameof(Logo), await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Errors.LogoFormat"));
            return null;
        }

        return bytes;
    }

    private async Task SaveLogoAsync(byte[] logo)
    {
        var folder = pluginService.GetPluginDescriptorBySystemName(InterkassaDefaults.SystemName)?.PluginDirectory;
        if (folder is not null)
            await System.IO.File.WriteAllBytesAsync(Path.Combine(folder, "logo.png"), logo);
    }

    /// <summary>The tab holding a field, so the page opens where the first error is.</summary>
    private static string TabOf(string key)
    {
        var field = key.Replace($"{nameof(Input)}.", "", StringComparison.Ordinal);
        return field switch
        {
            nameof(Logo) or nameof(ConfigureInput.ShowLogo) => "description",
            _ when field.StartsWith(nameof(ConfigureInput.Names), StringComparison.Ordinal)
                   || field.StartsWith(nameof(ConfigureInput.Descriptions), StringComparison.Ordinal) => "description",
            nameof(ConfigureInput.MinOrderTotal) or nameof(ConfigureInput.MaxOrderTotal) or nameof(ConfigureInput.AllowedCurrencies)
                or nameof(ConfigureInput.AllowedCountries) or nameof(ConfigureInput.AllowedCustomerRoles) => "display",
            nameof(ConfigureInput.CommissionPercent) or nameof(ConfigureInput.BuyerCommissionSharePercent)
                or nameof(ConfigureInput.FixedFee) => "commission",
            _ => "connection",
        };
    }
}
