using System.Globalization;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Stores;
using Shop.Web.Services.Localization;

namespace Shop.Web.Web;

/// <summary>
/// What a page needs to speak the buyer's language: the working language's strings (loaded once per request by
/// <see cref="ShopUiFilter"/>), the working currency, and money formatting. Views use it as <c>@Ui["Name"]</c>.
/// </summary>
public sealed class ShopUi(LocalizationService localization, IWorkContext workContext, IStoreContext storeContext,
    ILanguageService languages, ICurrencyService currencies)
{
    private IReadOnlyDictionary<string, string> _strings = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> _fallback = new Dictionary<string, string>();

    public bool IsLoaded { get; private set; }

    public Language Language { get; private set; } = new() { LanguageCulture = "ru-RU", UniqueSeoCode = "ru" };

    public Currency Currency { get; private set; } = new() { CurrencyCode = "RUB", DisplayLocale = "ru-RU" };

    public Store Store { get; private set; } = new();

    public IReadOnlyList<Language> Languages { get; private set; } = [];

    public IReadOnlyList<Currency> Currencies { get; private set; } = [];

    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    public async Task LoadAsync()
    {
        if (IsLoaded)
            return;
        Store = await storeContext.GetCurrentStoreAsync();
        Language = await workContext.GetWorkingLanguageAsync();
        Currency = await workContext.GetWorkingCurrencyAsync();
        Languages = await languages.GetAllLanguagesAsync();
        Currencies = await currencies.GetAllCurrenciesAsync();
        _strings = await localization.GetAllAsync(Language.Id);
        _fallback = Store.DefaultLanguageId == Language.Id ? _strings : await localization.GetAllAsync(Store.DefaultLanguageId);
        Culture = CultureOf(Language.LanguageCulture);
        IsLoaded = true;
    }

    /// <summary>The string in the working language, else the default language, else the name itself.</summary>
    public string this[string name]
    {
        get
        {
            var key = name.ToLowerInvariant();
            return _strings.TryGetValue(key, out var value) || _fallback.TryGetValue(key, out value) ? value : name;
        }
    }

    /// <summary>A string with placeholders filled in the working culture.</summary>
    public string Format(string name, params object?[] args) => string.Format(Culture, this[name], args);

    /// <summary>A resource if it exists, else <paramref name="otherwise"/>.</summary>
    public string Or(string name, string otherwise)
    {
        var key = name.ToLowerInvariant();
        return _strings.TryGetValue(key, out var value) || _fallback.TryGetValue(key, out value) ? value : otherwise;
    }

    /// <summary>An amount in the primary currency, shown in the working currency.</summary>
    public string Money(decimal primaryAmount) => Money(primaryAmount * Currency.Rate, Currency.CurrencyCode, Currency.DisplayLocale, Culture);

    /// <summary>An order's amount (primary currency) in the currency and rate the buyer saw when ordering.</summary>
    public string OrderMoney(decimal primaryAmount, Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var locale = Currencies.FirstOrDefault(c => c.CurrencyCode == order.CustomerCurrencyCode)?.DisplayLocale ?? "";
        return Money(primaryAmount * order.CurrencyRate, order.CustomerCurrencyCode, locale, Culture);
    }

    /// <summary>A UTC time in the working culture.</summary>
    public string Date(DateTime utc) => utc.ToString("g", Culture) + " UTC";

    public string PaymentStatus(PaymentStatus status) => this["Enums.PaymentStatus." + status];

    public string OrderStatus(OrderStatus status) => this["Enums.OrderStatus." + status];

    /// <summary>
    /// An amount rounded to cents with its currency's sign, written the way the viewer's language writes money
    /// («0,63 $» for a Russian reader, «$0.63» for an English one); without a viewer culture, the currency's own.
    /// </summary>
    public static string Money(decimal amount, string currencyCode, string displayLocale, CultureInfo? viewer = null)
    {
        var rounded = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        if (string.IsNullOrEmpty(displayLocale))
            return rounded.ToString("N2", viewer ?? CultureInfo.InvariantCulture) + " " + currencyCode;
        var own = CultureOf(displayLocale);
        if (viewer is null || viewer.Equals(CultureInfo.InvariantCulture))
            return rounded.ToString("C2", own);
        var format = (NumberFormatInfo)viewer.NumberFormat.Clone();
        format.CurrencySymbol = own.NumberFormat.CurrencySymbol;
        return rounded.ToString("C2", format);
    }

    private static CultureInfo CultureOf(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
