using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Directory;

/// <summary>Currencies and conversion through their rates to the primary currency.</summary>
public interface ICurrencyService
{
    Task<IReadOnlyList<Currency>> GetAllCurrenciesAsync(bool showHidden = false);

    /// <summary>By ISO code, case-insensitive.</summary>
    Task<Currency?> GetCurrencyByCodeAsync(string currencyCode);

    Task<Currency> GetPrimaryStoreCurrencyAsync();

    /// <summary>Amount in the primary currency converted to <paramref name="target"/> (not rounded).</summary>
    Task<decimal> ConvertFromPrimaryStoreCurrencyAsync(decimal amount, Currency target);

    /// <summary>Amount converted between two currencies through the primary one (not rounded).</summary>
    Task<decimal> ConvertCurrencyAsync(decimal amount, Currency source, Currency target);
}

public interface ICountryService
{
    Task<IReadOnlyList<Country>> GetAllCountriesAsync(bool showHidden = false);

    Task<Country?> GetCountryByTwoLetterIsoCodeAsync(string code);
}
