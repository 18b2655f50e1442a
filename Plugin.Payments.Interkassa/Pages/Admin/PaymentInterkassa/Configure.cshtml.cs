using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Operations;
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

/// <summary>
/// The plugin's configure page: five tabs in one form with one «Save», per-store overrides, write-only secrets
/// (typed keys: TypedSecrets.cs; the connection check and the self-test, which never save: Configure.Operations.cs).
/// </summary>
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
    ICountryService countryService,
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

    /// <summary>Whether the saved settings take test payments only (shown as a banner so the admin always knows).</summary>
    public bool SavedTestMode { get; private set; }

    /// <summary>Tabs holding at least one field error (each gets a mark).</summary>
    public IReadOnlySet<string> TabsWithErrors { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(bool saved = false)
    {
        // A GET validates nothing the admin typed: only POST handlers report field errors.
        ModelState.Clear();
        Saved = saved;
        var settings = await LoadContextAsync();
        Input = ToInput(settings, await scope.GetOverriddenAsync(settings, StoreScope));
        ToInput(await settingService.LoadSettingAsync<InterkassaOperationsSettings>(), Input);
    }

    /// <summary>The one «Save»: every field of every tab, validated here, saved together or not at all.</summary>
    public async Task<IActionResult> OnPostAsync([FromServices] StoreDemoMode demo)
    {
        var stored = await LoadContextAsync();
        await LocalizeBindingErrorsAsync();
        var settings = FromInput(stored);
        var operations = OperationsFromInput();
        var secrets = TypedSecrets.Read(Input, stored, protector);

        var currencies = CurrencyOptions.Select(c => c.Value).ToList();
        var roles = RoleOptions.Select(r => r.Value).ToList();
        var countries = CountryOptions.Select(c => c.Value).ToList();
        foreach (var field in _numberErrors)
            await AddErrorAsync(field, "Errors.Number");
        foreach (var field in _wholeNumberErrors)
            await AddErrorAsync(field, "Errors.WholeNumber");
        foreach (var error in SettingsValidator.Validate(settings, secrets.Secret.WillBeSet, secrets.Test.WillBeSet, currencies, roles, countries, storePathsAllowed: demo.IsOn))
            await AddErrorAsync(error.Field, error.Resource);
        foreach (var (field, resource) in InterkassaOperationsSettings.ValidateFields(operations))
            await AddErrorAsync(field, resource);

        var logo = await ReadLogoAsync();
        if (!ModelState.IsValid)
        {
            KeepTypedSecrets(secrets);
            MarkErrorTabs();
            return Page();
        }

        var overridden = Input.Overrides.ToHashSet(StringComparer.Ordinal);
        settings.ProtectedSecretKey = secrets.Secret.Apply(stored.ProtectedSecretKey, protector, overridden, nameof(InterkassaSettings.ProtectedSecretKey));
        settings.ProtectedTestKey = secrets.Test.Apply(stored.ProtectedTestKey, protector, overridden, nameof(InterkassaSettings.ProtectedTestKey));
        settings.ProtectedApiKey = secrets.Api.Apply(stored.ProtectedApiKey, protector, overridden, nameof(InterkassaSettings.ProtectedApiKey));

        await scope.SaveAsync(settings, StoreScope, overridden);
        await settingService.SaveSettingAsync(operations);
        await SaveFriendlyNamesAsync();
        if (logo is not null)
            await SaveLogoAsync(logo);
        return RedirectToPage(new { saved = true, tab = Tab });
    }

    /// <summary>Masks of keys typed but not saved yet, by field ("••••1234").</summary>
    public IReadOnlyDictionary<string, string> PendingMasks { get; private set; } = new Dictionary<string, string>();

    /// <summary>The page is shown again without saving: typed keys are kept (encrypted) and the page says they are not saved.</summary>
    private void KeepTypedSecrets(TypedSecrets secrets)
    {
        secrets.KeepPending(Input, protector);
        PendingMasks = new Dictionary<string, string>
        {
            [nameof(ConfigureInput.SecretKey)] = secrets.Secret.NewMask,
            [nameof(ConfigureInput.TestKey)] = secrets.Test.NewMask,
            [nameof(ConfigureInput.ApiKey)] = secrets.Api.NewMask,
        };
    }

    private async Task AddErrorAsync(string field, string resource) =>
        ModelState.AddModelError($"{nameof(Input)}.{field}", await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource));

    /// <summary>A value the binder could not read (a letter in a number) gets the plugin's message, in the admin's language.</summary>
    private async Task LocalizeBindingErrorsAsync()
    {
        var message = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Errors.Number");
        foreach (var (key, entry) in ModelState.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            ModelState.AddModelError(key, message);
        }
    }

    /// <summary>Opens the first tab with an error and marks every tab that has one.</summary>
    private void MarkErrorTabs()
    {
        var tabs = ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => TabOf(e.Key)).ToList();
        TabsWithErrors = tabs.ToHashSet();
        if (tabs.Count > 0 && !TabsWithErrors.Contains(Tab))
            Tab = tabs[0];
    }

    private async Task<InterkassaSettings> LoadContextAsync()
    {
        StoreScope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        var store = StoreScope == 0 ? null : await storeService.GetStoreByIdAsync(StoreScope);
        ScopeName = store?.Name ?? "";
        Languages = await languageService.GetAllLanguagesAsync(showHidden: true);
        await LoadPickersAsync(countryService);

        var settings = await settingService.LoadSettingAsync<InterkassaSettings>(StoreScope);
        SecretKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedSecretKey));
        TestKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedTestKey));
        ApiKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedApiKey));
        SavedTestMode = settings.TestMode;

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
        PaymentLifetimeMinutes = s.PaymentLifetimeMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DescriptionTemplate = s.DescriptionTemplate,
        PaywaysOn = s.PaywaysOn,
        PaywaysOff = s.PaywaysOff,
        NotificationMethod = s.NotificationMethod,
        AllowedSourceAddresses = s.AllowedSourceAddresses,
        ApiUrl = s.ApiUrl,
        ApiUserId = s.ApiUserId,
        ApiAccountId = s.ApiAccountId,
        ConfirmPaymentsWithApi = s.ConfirmPaymentsWithApi,
        Names = Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedNames, l.LanguageCulture)),
        Descriptions = Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedDescriptions, l.LanguageCulture)),
        ShowLogo = s.ShowLogo,
        MinOrderTotal = s.MinOrderTotal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        MaxOrderTotal = s.MaxOrderTotal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AllowedCurrencies = [.. SettingList.Split(s.AllowedCurrencies)],
        AllowedCountries = [.. SettingList.Split(s.AllowedCountries)],
        AllowedCustomerRoles = [.. SettingList.Split(s.AllowedCustomerRoles)],
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
            string.Join(";", SettingList.Split(value ?? "").Select(v => upper ? v.ToUpperInvariant() : v));

        return new InterkassaSettings
        {
            CheckoutId = Clean(Input.CheckoutId),
            ProtectedSecretKey = stored.ProtectedSecretKey,
            ProtectedTestKey = stored.ProtectedTestKey,
            Algorithm = Input.Algorithm,
            TestMode = Input.TestMode,
            SciUrl = Clean(Input.SciUrl),
            PaymentCurrency = Clean(Input.PaymentCurrency).ToUpperInvariant(),
            PaymentLifetimeMinutes = ParseWhole(nameof(ConfigureInput.PaymentLifetimeMinutes), Input.PaymentLifetimeMinutes, 0),
            DescriptionTemplate = Clean(Input.DescriptionTemplate),
            PaywaysOn = CleanList(Input.PaywaysOn, upper: false),
            PaywaysOff = CleanList(Input.PaywaysOff, upper: false),
            NotificationMethod = Clean(Input.NotificationMethod).ToLowerInvariant(),
            AllowedSourceAddresses = string.Join(", ", SettingList.Split(Input.AllowedSourceAddresses ?? "")),
            ApiUrl = Clean(Input.ApiUrl),
            ApiUserId = Clean(Input.ApiUserId),
            ProtectedApiKey = stored.ProtectedApiKey,
            ApiAccountId = Clean(Input.ApiAccountId),
            ConfirmPaymentsWithApi = Input.ConfirmPaymentsWithApi,
            LocalizedNames = LocalizedText.Write(Input.Names.ToDictionary(p => p.Key, p => p.Value ?? "")),
            LocalizedDescriptions = LocalizedText.Write(Input.Descriptions.ToDictionary(p => p.Key, p => p.Value ?? "")),
            ShowLogo = Input.ShowLogo,
            MinOrderTotal = ParseAmount(nameof(ConfigureInput.MinOrderTotal), Input.MinOrderTotal),
            MaxOrderTotal = ParseAmount(nameof(ConfigureInput.MaxOrderTotal), Input.MaxOrderTotal),
            AllowedCurrencies = JoinPicked(Input.AllowedCurrencies, upper: true),
            AllowedCountries = JoinPicked(Input.AllowedCountries, upper: true),
            AllowedCustomerRoles = JoinPicked(Input.AllowedCustomerRoles, upper: false),
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

    /// <summary>A whole number; anything else is a field error (and the fallback meanwhile).</summary>
    private int ParseWhole(string field, string? value, int fallback)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
            return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return number;
        _wholeNumberErrors.Add(field);
        return fallback;
    }

    private static void ToInput(InterkassaOperationsSettings o, ConfigureInput input)
    {
        static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        input.ReconciliationIntervalMinutes = Text(o.ReconciliationIntervalMinutes);
        input.ReconciliationMinAgeMinutes = Text(o.ReconciliationMinAgeMinutes);
        input.ReconciliationLookbackDays = Text(o.ReconciliationLookbackDays);
        input.RefundLookbackDays = Text(o.RefundLookbackDays);
        input.JournalRetentionDays = Text(o.JournalRetentionDays);
        input.PaymentLinkLifetimeDays = Text(o.PaymentLinkLifetimeDays);
    }

    /// <summary>The operations tab as posted; an unreadable number is a field error (and 0, out of range, meanwhile).</summary>
    private InterkassaOperationsSettings OperationsFromInput() => new()
    {
        ReconciliationIntervalMinutes = ParseWhole(nameof(ConfigureInput.ReconciliationIntervalMinutes), Input.ReconciliationIntervalMinutes, 0),
        ReconciliationMinAgeMinutes = ParseWhole(nameof(ConfigureInput.ReconciliationMinAgeMinutes), Input.ReconciliationMinAgeMinutes, 0),
        ReconciliationLookbackDays = ParseWhole(nameof(ConfigureInput.ReconciliationLookbackDays), Input.ReconciliationLookbackDays, 0),
        RefundLookbackDays = ParseWhole(nameof(ConfigureInput.RefundLookbackDays), Input.RefundLookbackDays, -1),
        JournalRetentionDays = ParseWhole(nameof(ConfigureInput.JournalRetentionDays), Input.JournalRetentionDays, 0),
        PaymentLinkLifetimeDays = ParseWhole(nameof(ConfigureInput.PaymentLinkLifetimeDays), Input.PaymentLinkLifetimeDays, 0),
    };

    private readonly List<string> _numberErrors = [];
    private readonly List<string> _wholeNumberErrors = [];

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
            nameof(ConfigureInput.ReconciliationIntervalMinutes) or nameof(ConfigureInput.ReconciliationMinAgeMinutes)
                or nameof(ConfigureInput.ReconciliationLookbackDays) or nameof(ConfigureInput.RefundLookbackDays) or nameof(ConfigureInput.JournalRetentionDays)
                or nameof(ConfigureInput.PaymentLinkLifetimeDays) => "operations",
            _ => "connection",
        };
    }
}
