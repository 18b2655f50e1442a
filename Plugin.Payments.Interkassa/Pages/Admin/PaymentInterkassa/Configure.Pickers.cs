namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>One choice of a picker: the stored code and what the admin reads.</summary>
public sealed record PickOption(string Value, string Label);

/// <summary>
/// The display conditions are picked from the store's own countries, currencies and roles (checkbox lists); the
/// stored format stays the ';'-separated codes, and a code the store does not know is refused on save.
/// </summary>
public sealed partial class ConfigureModel
{
    public IReadOnlyList<PickOption> CountryOptions => View.CountryOptions;

    public IReadOnlyList<PickOption> CurrencyOptions => View.CurrencyOptions;

    public IReadOnlyList<PickOption> RoleOptions => View.RoleOptions;

    /// <summary>The options of a picker plus any chosen value the store does not know (shown, so it is not dropped unseen).</summary>
    public static IReadOnlyList<PickOption> WithChosen(IReadOnlyList<PickOption> options, IEnumerable<string> chosen) =>
        [.. options, .. chosen.Where(c => !options.Any(o => string.Equals(o.Value, c, StringComparison.OrdinalIgnoreCase))).Select(c => new PickOption(c, c))];

    public static bool IsChosen(IEnumerable<string> chosen, string value) => chosen.Contains(value, StringComparer.OrdinalIgnoreCase);
}
