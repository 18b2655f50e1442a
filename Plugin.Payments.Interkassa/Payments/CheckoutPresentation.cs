using System.Globalization;
using System.Text.Json;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// What the buyer sees of the method at checkout: whether it is offered, its fee, and its name, description and logo
/// (the current store's, in the buyer's language).
/// </summary>
public sealed class CheckoutPresentation(
    InterkassaSettingsProvider settingsProvider,
    IStoreContext storeContext,
    IWorkContext workContext,
    ICustomerService customerService,
    IShoppingCartService cartService,
    PaymentAmountCalculator amountCalculator,
    ILocalizationService localization,
    ILanguageService languages,
    StoreLogos logos)
{
    /// <summary>True when the display conditions rule the method out for this cart (or it is not configured).</summary>
    public async Task<bool> IsHiddenAsync(IList<ShoppingCartItem> cart)
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var effective = await settingsProvider.GetAsync(store.Id);
        if (!effective.CanTakePayments)
            return true;

        var settings = effective.Settings;
        var subtotal = await cartService.GetCartSubTotalAsync(cart);
        if (settings.MinOrderTotal > 0 && subtotal < settings.MinOrderTotal)
            return true;
        if (settings.MaxOrderTotal > 0 && subtotal > settings.MaxOrderTotal)
            return true;

        var currency = await workContext.GetWorkingCurrencyAsync();
        if (!Allows(settings.AllowedCurrencies, currency.CurrencyCode) || !await amountCalculator.CanPayInAsync(currency.CurrencyCode, settings))
            return true;

        var customer = await workContext.GetCurrentCustomerAsync();
        if (!Allows(settings.AllowedCountries, customer.BillingCountryCode))
            return true;

        var allowedRoles = SettingList.Split(settings.AllowedCustomerRoles);
        if (allowedRoles.Count > 0)
        {
            var roles = await customerService.GetCustomerRolesAsync(customer);
            if (!roles.Any(r => allowedRoles.Contains(r.SystemName, StringComparer.OrdinalIgnoreCase)))
                return true;
        }

        return false;
    }

    public async Task<decimal> GetFeeAsync(IList<ShoppingCartItem> cart)
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var effective = await settingsProvider.GetAsync(store.Id);
        var subtotal = await cartService.GetCartSubTotalAsync(cart);
        return CommissionCalculator.BuyerFee(subtotal, effective.Settings);
    }

    /// <summary>The "show logo" setting of the current store.</summary>
    public async Task<bool> ShowLogoAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        return (await settingsProvider.GetAsync(store.Id)).Settings.ShowLogo;
    }

    /// <summary>
    /// The merchant's name for the store in the buyer's language, else in the store's default language, else the
    /// language pack's «Интеркасса» (clearing a name brings it back).
    /// </summary>
    public async Task<string> GetNameAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var effective = await settingsProvider.GetAsync(store.Id);
        return await CustomTextAsync(store, effective.Settings.LocalizedNames)
            ?? await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "DefaultName");
    }

    /// <summary>The store's own logo, null when the store shows the logo of all stores.</summary>
    public async Task<string?> GetLogoUrlAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        return logos.UrlOf(store.Id);
    }

    /// <summary>The merchant's description for the store in the buyer's language, else the default language's, else the language pack's.</summary>
    public async Task<string> GetDescriptionAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var effective = await settingsProvider.GetAsync(store.Id);
        var language = await workContext.GetWorkingLanguageAsync();
        var description = await CustomTextAsync(store, effective.Settings.LocalizedDescriptions)
            ?? await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "PaymentMethodDescription");
        var charge = await ChargeInOtherCurrencyAsync(store.Id, effective.Settings, language.LanguageCulture);
        return charge is null ? description : description + " " + charge;
    }

    /// <summary>A per-language setting's text in the working language, else in the store's default language; null when neither is set.</summary>
    private async Task<string?> CustomTextAsync(Store store, string json)
    {
        var texts = LocalizedText.Read(json);
        if (texts.Count == 0)
            return null;
        var language = await workContext.GetWorkingLanguageAsync();
        if (texts.TryGetValue(language.LanguageCulture, out var text))
            return text;
        var fallback = await languages.GetLanguageByIdAsync(store.DefaultLanguageId);
        return fallback is not null && texts.TryGetValue(fallback.LanguageCulture, out var defaultText) ? defaultText : null;
    }

    /// <summary>
    /// «К оплате через Интеркассу: 50,00 RUB» when Interkassa will charge another currency than the buyer sees, so the
    /// amount on the payment page is no surprise; null when the currencies are the same or the cart is empty.
    /// </summary>
    private async Task<string?> ChargeInOtherCurrencyAsync(int storeId, InterkassaSettings settings, string culture)
    {
        var working = await workContext.GetWorkingCurrencyAsync();
        if (settings.PaymentCurrency.Length == 0 || string.Equals(settings.PaymentCurrency, working.CurrencyCode, StringComparison.OrdinalIgnoreCase))
            return null;
        var cart = await cartService.GetShoppingCartAsync(await workContext.GetCurrentCustomerAsync(), storeId);
        if (cart.Count == 0)
            return null;
        var subtotal = await cartService.GetCartSubTotalAsync(cart);
        // The order total as the store will compute it: the subtotal plus the fee rounded to cents.
        var total = subtotal + Math.Round(CommissionCalculator.BuyerFee(subtotal, settings), 2, MidpointRounding.AwayFromZero);
        if (await amountCalculator.InPaymentCurrencyAsync(total, settings) is not { } charge)
            return null;
        var format = CultureInfo.GetCultureInfo(culture);
        return string.Format(format, await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Checkout.ChargedAs"),
            charge.Amount.ToString("N2", format) + " " + charge.Currency);
    }

    private static bool Allows(string list, string value)
    {
        var allowed = SettingList.Split(list);
        return allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Per-language texts kept in one setting as a JSON object (culture → text).</summary>
public static class LocalizedText
{
    public static Dictionary<string, string> Read(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return new(StringComparer.OrdinalIgnoreCase);
        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
            return new(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)), StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return new(StringComparer.OrdinalIgnoreCase);
        }
    }

    public static string Write(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value.Trim()));

    public static string? Get(string json, string culture) => Read(json).GetValueOrDefault(culture);
}
