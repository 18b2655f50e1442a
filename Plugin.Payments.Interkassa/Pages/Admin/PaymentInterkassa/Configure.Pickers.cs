using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Directory;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>One choice of a picker: the stored code and what the admin reads.</summary>
public sealed record PickOption(string Value, string Label);

/// <summary>
/// The display conditions are picked from the store's own countries, currencies and roles (checkbox lists); the
/// stored format stays the ';'-separated codes, and a code the store does not know is refused on save.
/// </summary>
public sealed partial class ConfigureModel
{
    public IReadOnlyList<PickOption> CountryOptions { get; private set; } = [];

    public IReadOnlyList<PickOption> CurrencyOptions { get; private set; } = [];

    public IReadOnlyList<PickOption> RoleOptions { get; private set; } = [];

    /// <summary>The options of a picker plus any chosen value the store does not know (shown, so it is not dropped unseen).</summary>
    public static IReadOnlyList<PickOption> WithChosen(IReadOnlyList<PickOption> options, IEnumerable<string> chosen) =>
        [.. options, .. chosen.Where(c => !options.Any(o => string.Equals(o.Value, c, StringComparison.OrdinalIgnoreCase))).Select(c => new PickOption(c, c))];

    public static bool IsChosen(IEnumerable<string> chosen, string value) => chosen.Contains(value, StringComparer.OrdinalIgnoreCase);

    private async Task LoadPickersAsync(ICountryService countries)
    {
        var countryOptions = new List<PickOption>();
        foreach (var country in await countries.GetAllCountriesAsync(showHidden: true))
        {
            var name = await localization.GetResourceAsync("Countries." + country.TwoLetterIsoCode);
            countryOptions.Add(new PickOption(country.TwoLetterIsoCode.ToUpperInvariant(),
                string.IsNullOrEmpty(name) || name.StartsWith("Countries.", StringComparison.Ordinal) ? country.Name : name));
        }

        CountryOptions = countryOptions;
        CurrencyOptions = (await currencyService.GetAllCurrenciesAsync(showHidden: true))
            .Select(c => new PickOption(c.CurrencyCode.ToUpperInvariant(), c.Name)).ToList();
        RoleOptions = (await customerService.GetAllCustomerRolesAsync()).Select(r => new PickOption(r.SystemName, r.Name)).ToList();
    }

    /// <summary>Checked boxes (or a typed list) as the stored ';'-separated codes.</summary>
    private static string JoinPicked(IEnumerable<string>? picked, bool upper) =>
        string.Join(";", SettingList.Split(string.Join(";", picked ?? [])).Select(v => upper ? v.ToUpperInvariant() : v)
            .Distinct(StringComparer.OrdinalIgnoreCase));
}
