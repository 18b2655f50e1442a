using System.Globalization;
using Microsoft.AspNetCore.Http;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>What the configure page shows for the admin's store scope: the stored settings and everything around them.</summary>
public sealed class ConfigureView
{
    public required int StoreScope { get; init; }

    public required string ScopeName { get; init; }

    public required InterkassaSettings Stored { get; init; }

    /// <summary>Settings properties with a value of the store's own (empty for all stores).</summary>
    public required HashSet<string> Overridden { get; init; }

    public required IReadOnlyList<Language> Languages { get; init; }

    /// <summary>Per language culture: the name and description checkout shows when the field is empty.</summary>
    public required IReadOnlyDictionary<string, (string Name, string Description)> Defaults { get; init; }

    public required IReadOnlyList<PickOption> CountryOptions { get; init; }

    public required IReadOnlyList<PickOption> CurrencyOptions { get; init; }

    public required IReadOnlyList<PickOption> RoleOptions { get; init; }

    /// <summary>Masked stored secrets ("••••1234"), empty when none is set.</summary>
    public required string SecretKeyMask { get; init; }

    public required string TestKeyMask { get; init; }

    public required string ApiKeyMask { get; init; }

    /// <summary>URLs to paste into the Interkassa cabinet.</summary>
    public required IReadOnlyList<(string Resource, string Url)> CabinetUrls { get; init; }

    /// <summary>The logo checkout shows for the scope: the store's own, else the one of all stores.</summary>
    public required string? LogoUrl { get; init; }

    /// <summary>The store being configured has a logo of its own (it can go back to the logo of all stores).</summary>
    public required bool HasStoreLogo { get; init; }
}

/// <summary>The form as the editor read it: the settings to save, the keys asked for, the logo, and the field errors.</summary>
internal sealed record ConfigureEdit(
    InterkassaSettings Settings,
    InterkassaOperationsSettings Operations,
    TypedSecrets Secrets,
    byte[]? Logo,
    IReadOnlyList<(string Key, string Message)> Errors);

/// <summary>
/// The configure page's work behind the form: loads what the page shows for the admin's store scope, turns the posted
/// form into settings (trimmed, normalized, numbers parsed the invariant way), validates them with messages in the
/// admin's language, and saves them together — settings, installation-wide operations, the store's method name, the
/// logo. The page model only binds and renders.
/// </summary>
public sealed class ConfigureEditor(
    ISettingService settingService,
    SettingsScope scope,
    SecretProtector protector,
    IStoreContext storeContext,
    IStoreService storeService,
    StoreLocation storeLocation,
    ILanguageService languageService,
    ILocalizationService localization,
    ICurrencyService currencyService,
    ICustomerService customerService,
    ICountryService countryService,
    StoreLogos logos,
    StoreDemoMode demo)
{
    /// <summary>Largest logo accepted, bytes.</summary>
    public const int MaxLogoBytes = StoreLogos.MaxBytes;

    /// <summary>A plugin text in the admin's language.</summary>
    public Task<string> TextAsync(string name) => localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + name);

    public async Task<ConfigureView> LoadAsync()
    {
        var storeScope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        var store = storeScope == 0 ? null : await storeService.GetStoreByIdAsync(storeScope);
        var languages = await languageService.GetAllLanguagesAsync(showHidden: true);
        var settings = await settingService.LoadSettingAsync<InterkassaSettings>(storeScope);

        var location = await storeLocation.GetAsync(storeScope);
        var defaults = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in languages)
        {
            defaults[language.LanguageCulture] = (
                await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "DefaultName", language.Id),
                await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "PaymentMethodDescription", language.Id));
        }

        var storeLogo = storeScope == 0 ? null : logos.UrlOf(storeScope);
        return new ConfigureView
        {
            StoreScope = storeScope,
            ScopeName = store?.Name ?? "",
            Stored = settings,
            Overridden = await scope.GetOverriddenAsync(settings, storeScope),
            Languages = languages,
            Defaults = defaults,
            CountryOptions = await CountryOptionsAsync(),
            CurrencyOptions = (await currencyService.GetAllCurrenciesAsync(showHidden: true))
                .Select(c => new PickOption(c.CurrencyCode.ToUpperInvariant(), c.Name)).ToList(),
            RoleOptions = (await customerService.GetAllCustomerRolesAsync()).Select(r => new PickOption(r.SystemName, r.Name)).ToList(),
            SecretKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedSecretKey)),
            TestKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedTestKey)),
            ApiKeyMask = SecretProtector.Mask(protector.Unprotect(settings.ProtectedApiKey)),
            CabinetUrls =
            [
                ("Configure.Urls.Notification", location + InterkassaDefaults.NotifyPath),
                ("Configure.Urls.Success", location + InterkassaDefaults.SuccessPath),
                ("Configure.Urls.Fail", location + InterkassaDefaults.FailPath),
                ("Configure.Urls.Pending", location + InterkassaDefaults.PendingPath),
            ],
            LogoUrl = storeLogo ?? logos.UrlOf(0),
            HasStoreLogo = storeLogo is not null,
        };
    }

    /// <summary>The form as the stored settings fill it (numbers written the invariant way).</summary>
    public async Task<ConfigureInput> ToInputAsync(ConfigureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Stored;
        var o = await settingService.LoadSettingAsync<InterkassaOperationsSettings>();
        static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
        static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new ConfigureInput
        {
            CheckoutId = s.CheckoutId,
            Algorithm = s.Algorithm,
            TestMode = s.TestMode,
            SciUrl = s.SciUrl,
            PaymentCurrency = s.PaymentCurrency,
            PaymentLifetimeMinutes = Whole(s.PaymentLifetimeMinutes),
            DescriptionTemplate = s.DescriptionTemplate,
            PaywaysOn = s.PaywaysOn,
            PaywaysOff = s.PaywaysOff,
            NotificationMethod = s.NotificationMethod,
            AllowedSourceAddresses = s.AllowedSourceAddresses,
            ApiUrl = s.ApiUrl,
            ApiUserId = s.ApiUserId,
            ApiAccountId = s.ApiAccountId,
            ConfirmPaymentsWithApi = s.ConfirmPaymentsWithApi,
            Names = view.Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedNames, l.LanguageCulture)),
            Descriptions = view.Languages.ToDictionary(l => l.LanguageCulture, l => LocalizedText.Get(s.LocalizedDescriptions, l.LanguageCulture)),
            ShowLogo = s.ShowLogo,
            MinOrderTotal = Text(s.MinOrderTotal),
            MaxOrderTotal = Text(s.MaxOrderTotal),
            AllowedCurrencies = [.. SettingList.Split(s.AllowedCurrencies)],
            AllowedCountries = [.. SettingList.Split(s.AllowedCountries)],
            AllowedCustomerRoles = [.. SettingList.Split(s.AllowedCustomerRoles)],
            CommissionPercent = Text(s.CommissionPercent),
            BuyerCommissionSharePercent = Text(s.BuyerCommissionSharePercent),
            FixedFee = Text(s.FixedFee),
            ReconciliationIntervalMinutes = Whole(o.ReconciliationIntervalMinutes),
            ReconciliationMinAgeMinutes = Whole(o.ReconciliationMinAgeMinutes),
            ReconciliationLookbackDays = Whole(o.ReconciliationLookbackDays),
            RefundLookbackDays = Whole(o.RefundLookbackDays),
            JournalRetentionDays = Whole(o.JournalRetentionDays),
            PaymentLinkLifetimeDays = Whole(o.PaymentLinkLifetimeDays),
            AutoCancelEnabled = o.AutoCancelEnabled,
            AutoCancelHours = Whole(o.AutoCancelHours),
            Overrides = [.. view.Overridden],
        };
    }

    /// <summary>Reads and validates the posted form over the stored settings; nothing is saved here.</summary>
    internal async Task<ConfigureEdit> ReadAsync(ConfigureView view, ConfigureInput input, IFormFile? logoFile)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(input);
        var parsed = new FormNumbers();
        var settings = FromInput(input, view.Stored, parsed);
        var operations = OperationsFromInput(input, parsed);
        var secrets = TypedSecrets.Read(input, view.Stored, protector);

        var errors = new List<(string Key, string Message)>();
        async Task AddAsync(string field, string resource) =>
            errors.Add(($"{nameof(ConfigureModel.Input)}.{field}", await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource)));

        foreach (var field in parsed.NumberErrors)
            await AddAsync(field, "Errors.Number");
        foreach (var field in parsed.WholeNumberErrors)
            await AddAsync(field, "Errors.WholeNumber");
        foreach (var error in SettingsValidator.Validate(settings, secrets.Secret.WillBeSet, secrets.Test.WillBeSet,
                     view.CurrencyOptions.Select(c => c.Value).ToList(), view.RoleOptions.Select(r => r.Value).ToList(),
                     view.CountryOptions.Select(c => c.Value).ToList(), storePathsAllowed: demo.IsOn))
        {
            await AddAsync(error.Field, error.Resource);
        }
        var operationErrors = InterkassaOperationsSettings.ValidateFields(operations)
            .Concat(InterkassaOperationsSettings.ValidateAutoCancel(operations, settings.PaymentLifetimeMinutes));
        foreach (var (field, resource) in operationErrors)
            await AddAsync(field, resource);

        var (logo, logoError) = await ReadLogoAsync(logoFile);
        if (logoError is not null)
            errors.Add((nameof(ConfigureModel.Logo), await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + logoError)));
        return new ConfigureEdit(settings, operations, secrets, logo, errors);
    }

    /// <summary>Saves a valid edit: the scope's settings with the asked-for keys, the operations, the method's name, the logo.</summary>
    internal async Task SaveAsync(ConfigureView view, ConfigureEdit edit, ConfigureInput input)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(input);
        var settings = edit.Settings;
        var overridden = input.Overrides.ToHashSet(StringComparer.Ordinal);
        settings.ProtectedSecretKey = edit.Secrets.Secret.Apply(view.Stored.ProtectedSecretKey, protector, overridden, nameof(InterkassaSettings.ProtectedSecretKey));
        settings.ProtectedTestKey = edit.Secrets.Test.Apply(view.Stored.ProtectedTestKey, protector, overridden, nameof(InterkassaSettings.ProtectedTestKey));
        settings.ProtectedApiKey = edit.Secrets.Api.Apply(view.Stored.ProtectedApiKey, protector, overridden, nameof(InterkassaSettings.ProtectedApiKey));

        await scope.SaveAsync(settings, view.StoreScope, overridden);
        await settingService.SaveSettingAsync(edit.Operations);
        await SaveFriendlyNamesAsync(view, settings);
        if (edit.Logo is not null)
            await logos.SaveAsync(view.StoreScope, edit.Logo);
        else if (input.RemoveStoreLogo)
            logos.Remove(view.StoreScope);
    }

    /// <summary>The store's countries, named in the admin's language where the store has the name.</summary>
    private async Task<IReadOnlyList<PickOption>> CountryOptionsAsync()
    {
        var options = new List<PickOption>();
        foreach (var country in await countryService.GetAllCountriesAsync(showHidden: true))
        {
            var name = await localization.GetResourceAsync("Countries." + country.TwoLetterIsoCode);
            options.Add(new PickOption(country.TwoLetterIsoCode.ToUpperInvariant(),
                string.IsNullOrEmpty(name) || name.StartsWith("Countries.", StringComparison.Ordinal) ? country.Name : name));
        }

        return options;
    }

    /// <summary>
    /// The store's name of the method in each language (admin lists, order pages) follows the names of all stores:
    /// the name entered for a language, or the language pack's «Интеркасса» when the field is cleared. Checkout reads
    /// each store's own names from the settings.
    /// </summary>
    private async Task SaveFriendlyNamesAsync(ConfigureView view, InterkassaSettings saved)
    {
        if (view.StoreScope != 0)
            return;
        foreach (var language in view.Languages)
        {
            var name = LocalizedText.Get(saved.LocalizedNames, language.LanguageCulture)
                ?? await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "DefaultName", language.Id);
            await localization.AddOrUpdateLocaleResourcesAsync(new Dictionary<string, string> { [InterkassaDefaults.FriendlyNameResource] = name }, language.Id);
        }
    }

    /// <summary>The posted values over the stored settings, trimmed and normalized (secrets untouched here).</summary>
    private static InterkassaSettings FromInput(ConfigureInput input, InterkassaSettings stored, FormNumbers numbers)
    {
        static string Clean(string? value) => value?.Trim() ?? "";
        static string CleanList(string? value, bool upper) =>
            string.Join(";", SettingList.Split(value ?? "").Select(v => upper ? v.ToUpperInvariant() : v));

        return new InterkassaSettings
        {
            CheckoutId = Clean(input.CheckoutId),
            ProtectedSecretKey = stored.ProtectedSecretKey,
            ProtectedTestKey = stored.ProtectedTestKey,
            Algorithm = input.Algorithm,
            TestMode = input.TestMode,
            SciUrl = Clean(input.SciUrl),
            PaymentCurrency = Clean(input.PaymentCurrency).ToUpperInvariant(),
            PaymentLifetimeMinutes = numbers.Whole(nameof(ConfigureInput.PaymentLifetimeMinutes), input.PaymentLifetimeMinutes, 0),
            DescriptionTemplate = Clean(input.DescriptionTemplate),
            PaywaysOn = CleanList(input.PaywaysOn, upper: false),
            PaywaysOff = CleanList(input.PaywaysOff, upper: false),
            NotificationMethod = Clean(input.NotificationMethod).ToLowerInvariant(),
            AllowedSourceAddresses = string.Join(", ", SettingList.Split(input.AllowedSourceAddresses ?? "")),
            ApiUrl = Clean(input.ApiUrl),
            ApiUserId = Clean(input.ApiUserId),
            ProtectedApiKey = stored.ProtectedApiKey,
            ApiAccountId = Clean(input.ApiAccountId),
            ConfirmPaymentsWithApi = input.ConfirmPaymentsWithApi,
            LocalizedNames = LocalizedText.Write(input.Names.ToDictionary(p => p.Key, p => p.Value ?? "")),
            LocalizedDescriptions = LocalizedText.Write(input.Descriptions.ToDictionary(p => p.Key, p => p.Value ?? "")),
            ShowLogo = input.ShowLogo,
            MinOrderTotal = numbers.Amount(nameof(ConfigureInput.MinOrderTotal), input.MinOrderTotal),
            MaxOrderTotal = numbers.Amount(nameof(ConfigureInput.MaxOrderTotal), input.MaxOrderTotal),
            AllowedCurrencies = JoinPicked(input.AllowedCurrencies, upper: true),
            AllowedCountries = JoinPicked(input.AllowedCountries, upper: true),
            AllowedCustomerRoles = JoinPicked(input.AllowedCustomerRoles, upper: false),
            CommissionPercent = numbers.Amount(nameof(ConfigureInput.CommissionPercent), input.CommissionPercent),
            BuyerCommissionSharePercent = numbers.Amount(nameof(ConfigureInput.BuyerCommissionSharePercent), input.BuyerCommissionSharePercent),
            FixedFee = numbers.Amount(nameof(ConfigureInput.FixedFee), input.FixedFee),
        };
    }

    /// <summary>The operations tab as posted; an unreadable number is a field error (and 0, out of range, meanwhile).</summary>
    private static InterkassaOperationsSettings OperationsFromInput(ConfigureInput input, FormNumbers numbers) => new()
    {
        ReconciliationIntervalMinutes = numbers.Whole(nameof(ConfigureInput.ReconciliationIntervalMinutes), input.ReconciliationIntervalMinutes, 0),
        ReconciliationMinAgeMinutes = numbers.Whole(nameof(ConfigureInput.ReconciliationMinAgeMinutes), input.ReconciliationMinAgeMinutes, 0),
        ReconciliationLookbackDays = numbers.Whole(nameof(ConfigureInput.ReconciliationLookbackDays), input.ReconciliationLookbackDays, 0),
        RefundLookbackDays = numbers.Whole(nameof(ConfigureInput.RefundLookbackDays), input.RefundLookbackDays, -1),
        JournalRetentionDays = numbers.Whole(nameof(ConfigureInput.JournalRetentionDays), input.JournalRetentionDays, 0),
        PaymentLinkLifetimeDays = numbers.Whole(nameof(ConfigureInput.PaymentLinkLifetimeDays), input.PaymentLinkLifetimeDays, 0),
        AutoCancelEnabled = input.AutoCancelEnabled,
        AutoCancelHours = numbers.Whole(nameof(ConfigureInput.AutoCancelHours), input.AutoCancelHours, 0),
    };

    /// <summary>Checked boxes (or a typed list) as the stored ';'-separated codes.</summary>
    private static string JoinPicked(IEnumerable<string>? picked, bool upper) =>
        string.Join(";", SettingList.Split(string.Join(";", picked ?? [])).Select(v => upper ? v.ToUpperInvariant() : v)
            .Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>Reads an uploaded logo: a PNG of at most <see cref="MaxLogoBytes"/>; other files give the error's resource.</summary>
    private static async Task<(byte[]? Logo, string? Error)> ReadLogoAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
            return (null, null);
        if (file.Length > MaxLogoBytes)
            return (null, "Errors.LogoSize");

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        return StoreLogos.IsPng(bytes) ? (bytes, null) : (null, "Errors.LogoFormat");
    }

    /// <summary>Numbers typed in the form, read the invariant way (a comma taken as the point); the fields that could not be read.</summary>
    private sealed class FormNumbers
    {
        public List<string> NumberErrors { get; } = [];

        public List<string> WholeNumberErrors { get; } = [];

        /// <summary>An amount typed with a dot or a comma; anything else is a field error (and 0 meanwhile).</summary>
        public decimal Amount(string field, string? value)
        {
            var text = (value ?? "").Trim().Replace(',', '.');
            if (text.Length == 0)
                return 0m;
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                return amount;
            NumberErrors.Add(field);
            return 0m;
        }

        /// <summary>A whole number; anything else is a field error (and the fallback meanwhile).</summary>
        public int Whole(string field, string? value, int fallback)
        {
            var text = (value ?? "").Trim();
            if (text.Length == 0)
                return fallback;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                return number;
            WholeNumberErrors.Add(field);
            return fallback;
        }
    }
}
