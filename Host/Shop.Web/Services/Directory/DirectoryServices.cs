using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Settings;
using Shop.Web.Data;

namespace Shop.Web.Services.Directory;

/// <summary>Which currency the store's prices and order totals are in.</summary>
public sealed class CurrencySettings : ISettings
{
    public string PrimaryStoreCurrencyCode { get; set; } = "RUB";
}

/// <summary>Currencies from <see cref="ShopCache"/>; the primary one is remembered for the request.</summary>
public sealed class CurrencyService(ShopDbContext db, ShopCache cache, ISettingService settings) : ICurrencyService
{
    private Currency? _primary;

    public async Task<IReadOnlyList<Currency>> GetAllCurrenciesAsync(bool showHidden = false)
    {
        var all = await cache.GetAsync("currencies", db, async () =>
            (IReadOnlyList<Currency>)await db.Currencies.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Id).ToListAsync());
        return showHidden ? all : all.Where(c => c.Published).ToList();
    }

    public async Task<Currency?> GetCurrencyByCodeAsync(string currencyCode)
    {
        if (string.IsNullOrWhiteSpace(currencyCode))
            return null;
        return (await GetAllCurrenciesAsync(showHidden: true))
            .FirstOrDefault(c => string.Equals(c.CurrencyCode, currencyCode.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public async Task<Currency> GetPrimaryStoreCurrencyAsync()
    {
        if (_primary is not null)
            return _primary;
        var code = (await settings.LoadSettingAsync<CurrencySettings>()).PrimaryStoreCurrencyCode;
        _primary = await GetCurrencyByCodeAsync(code)
            ?? (await GetAllCurrenciesAsync(showHidden: true)).FirstOrDefault(c => c.Rate == 1m)
            ?? throw new InvalidOperationException($"The primary currency {code} is missing.");
        return _primary;
    }

    public async Task<decimal> ConvertFromPrimaryStoreCurrencyAsync(decimal amount, Currency target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var primary = await GetPrimaryStoreCurrencyAsync();
        return target.Id == primary.Id ? amount : amount * target.Rate;
    }

    public async Task<decimal> ConvertCurrencyAsync(decimal amount, Currency source, Currency target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Id == target.Id)
            return amount;
        var primary = await GetPrimaryStoreCurrencyAsync();
        var inPrimary = source.Id == primary.Id ? amount : amount / source.Rate;
        return target.Id == primary.Id ? inPrimary : inPrimary * target.Rate;
    }
}

public sealed class CountryService(ShopDbContext db, ShopCache cache) : ICountryService
{
    public async Task<IReadOnlyList<Country>> GetAllCountriesAsync(bool showHidden = false)
    {
        var all = await cache.GetAsync("countries", db, async () =>
            (IReadOnlyList<Country>)await db.Countries.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Name).ToListAsync());
        return showHidden ? all : all.Where(c => c.Published).ToList();
    }

    public async Task<Country?> GetCountryByTwoLetterIsoCodeAsync(string code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        return (await GetAllCountriesAsync(showHidden: true))
            .FirstOrDefault(c => string.Equals(c.TwoLetterIsoCode, code.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
