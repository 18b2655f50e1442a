using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Services.Customers;

namespace Shop.Web.Services.Stores;

/// <summary>
/// The request's customer (signed-in, else the guest of the customer cookie, created on first need),
/// language (<c>?culture=</c> or the culture cookie, else the store's default) and currency
/// (<c>?currency=</c> or the currency cookie, else the primary currency).
/// </summary>
public sealed class WorkContext(
    IHttpContextAccessor httpContextAccessor,
    ShopDbContext db,
    IStoreContext storeContext,
    ILanguageService languages,
    ICurrencyService currencies,
    CustomerAccountService accounts,
    TimeProvider time) : IWorkContext
{
    /// <summary>HttpContext.Items keys through which the switch middleware passes a choice made in this request.</summary>
    public const string CultureItem = "Shop.Culture";

    public const string CurrencyItem = "Shop.Currency";

    private Customer? _customer;
    private Language? _language;
    private Currency? _currency;

    public async Task<Customer> GetCurrentCustomerAsync()
    {
        if (_customer is not null)
            return _customer;
        var http = httpContextAccessor.HttpContext;
        if (http is null)
            return _customer = new Customer { CustomerGuid = Guid.Empty, FullName = "System" };

        if (http.User.Identity?.IsAuthenticated == true
            && int.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var signedIn = await db.Customers.FirstOrDefaultAsync(c => c.Id == id && c.Active);
            if (signedIn is not null)
                return _customer = signedIn;
        }

        if (Guid.TryParse(http.Request.Cookies[ShopCookies.Customer], out var guid))
        {
            var guest = await db.Customers.FirstOrDefaultAsync(c => c.CustomerGuid == guid && c.Active);
            if (guest is not null)
                return _customer = guest;
        }

        _customer = await accounts.CreateGuestAsync();
        http.Response.Cookies.Append(ShopCookies.Customer, _customer.CustomerGuid.ToString("N"), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Expires = time.GetUtcNow().AddYears(1),
        });
        return _customer;
    }

    public async Task<Language> GetWorkingLanguageAsync()
    {
        if (_language is not null)
            return _language;
        var http = httpContextAccessor.HttpContext;
        var chosen = http?.Items[CultureItem] as string ?? http?.Request.Cookies[ShopCookies.Culture];
        if (chosen is not null && await languages.GetLanguageByCultureAsync(chosen) is { Published: true } language)
            return _language = language;

        var store = await storeContext.GetCurrentStoreAsync();
        var published = await languages.GetAllLanguagesAsync();
        _language = published.FirstOrDefault(l => l.Id == store.DefaultLanguageId) ?? published.FirstOrDefault()
            ?? throw new InvalidOperationException("The store has no published language.");
        return _language;
    }

    public async Task<Currency> GetWorkingCurrencyAsync()
    {
        if (_currency is not null)
            return _currency;
        var http = httpContextAccessor.HttpContext;
        var chosen = http?.Items[CurrencyItem] as string ?? http?.Request.Cookies[ShopCookies.Currency];
        if (chosen is not null && await currencies.GetCurrencyByCodeAsync(chosen) is { Published: true } currency)
            return _currency = currency;
        return _currency = await currencies.GetPrimaryStoreCurrencyAsync();
    }
}
