using System.Globalization;
using System.Text.RegularExpressions;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// Checks settings before they are saved; each error names the field it belongs to and a resource
/// (under the plugin prefix) with the message, so the page can show it next to the field.
/// </summary>
public static partial class SettingsValidator
{
    public sealed record FieldError(string Field, string Resource);

    /// <param name="settings">The settings as they would be saved.</param>
    /// <param name="hasSecretKey">Whether a secret key is stored or entered.</param>
    /// <param name="hasTestKey">Whether a test key is stored or entered.</param>
    /// <param name="knownCurrencies">ISO codes of the store's currencies.</param>
    /// <param name="knownRoles">System names of the store's customer roles.</param>
    /// <param name="knownCountries">Two-letter ISO codes of the store's countries.</param>
    /// <param name="storePathsAllowed">
    /// Whether the SCI and API URLs may be paths into the store: only in the store's demo mode (<see cref="StoreDemoMode"/>),
    /// where its sandbox is mounted. Elsewhere a demo path left behind would send buyers and reconciliation into the store.
    /// </param>
    public static IReadOnlyList<FieldError> Validate(InterkassaSettings settings, bool hasSecretKey, bool hasTestKey,
        IReadOnlyCollection<string> knownCurrencies, IReadOnlyCollection<string> knownRoles,
        IReadOnlyCollection<string> knownCountries, bool storePathsAllowed)
    {
        var errors = new List<FieldError>();
        void Add(string field, string resource) => errors.Add(new(field, "Errors." + resource));

        if (settings.CheckoutId.Length > 0 && !CheckoutIdPattern().IsMatch(settings.CheckoutId))
            Add(nameof(settings.CheckoutId), "CheckoutIdShape");
        if (settings.CheckoutId.Length == 0 && (hasSecretKey || !settings.TestMode))
            Add(nameof(settings.CheckoutId), "CheckoutIdRequired");
        if (!settings.TestMode && !hasSecretKey)
            Add("SecretKey", "SecretKeyRequiredLive");
        if (settings.TestMode && settings.CheckoutId.Length > 0 && !hasTestKey)
            Add("TestKey", "TestKeyRequired");
        foreach (var (field, url) in new[] { (nameof(settings.SciUrl), settings.SciUrl), (nameof(settings.ApiUrl), settings.ApiUrl) })
        {
            if (StoreDemoMode.IsStorePath(url) && !storePathsAllowed)
                Add(field, "UrlInStore");
            else if (!IsUrlOrPath(url))
                Add(field, "Url");
        }
        if (settings.PaymentCurrency.Length > 0
            && (!knownCurrencies.Contains(settings.PaymentCurrency, StringComparer.OrdinalIgnoreCase)
                || !InterkassaProtocol.Currencies.Contains(settings.PaymentCurrency)))
        {
            Add(nameof(settings.PaymentCurrency), "PaymentCurrency");
        }
        if (settings.PaymentLifetimeMinutes is < 0 or > 43200)
            Add(nameof(settings.PaymentLifetimeMinutes), "Lifetime");
        if (!IsValidTemplate(settings.DescriptionTemplate))
            Add(nameof(settings.DescriptionTemplate), "DescriptionTemplate");
        if (!SettingList.Split(settings.PaywaysOn).All(PaywayPattern().IsMatch))
            Add(nameof(settings.PaywaysOn), "Payways");
        if (!SettingList.Split(settings.PaywaysOff).All(PaywayPattern().IsMatch))
            Add(nameof(settings.PaywaysOff), "Payways");
        if (settings.NotificationMethod is not ("post" or "get"))
            Add(nameof(settings.NotificationMethod), "NotificationMethod");
        if (SourceAddressFilter.Parse(settings.AllowedSourceAddresses).Invalid.Count > 0)
            Add(nameof(settings.AllowedSourceAddresses), "Cidr");
        if (settings.ApiUserId.Length > 0 && !IdPattern().IsMatch(settings.ApiUserId))
            Add(nameof(settings.ApiUserId), "ApiId");
        if (settings.ApiAccountId.Length > 0 && !IdPattern().IsMatch(settings.ApiAccountId))
            Add(nameof(settings.ApiAccountId), "ApiId");

        if (settings.MinOrderTotal < 0)
            Add(nameof(settings.MinOrderTotal), "NotNegative");
        if (settings.MaxOrderTotal < 0)
            Add(nameof(settings.MaxOrderTotal), "NotNegative");
        if (settings.MaxOrderTotal > 0 && settings.MinOrderTotal > settings.MaxOrderTotal)
            Add(nameof(settings.MinOrderTotal), "MinAboveMax");
        if (!SettingList.Split(settings.AllowedCurrencies).All(c => knownCurrencies.Contains(c, StringComparer.OrdinalIgnoreCase)))
            Add(nameof(settings.AllowedCurrencies), "UnknownCurrency");
        var countries = SettingList.Split(settings.AllowedCountries);
        if (!countries.All(CountryPattern().IsMatch))
            Add(nameof(settings.AllowedCountries), "CountryCode");
        else if (!countries.All(c => knownCountries.Contains(c, StringComparer.OrdinalIgnoreCase)))
            Add(nameof(settings.AllowedCountries), "UnknownCountry");
        if (!SettingList.Split(settings.AllowedCustomerRoles).All(r => knownRoles.Contains(r, StringComparer.OrdinalIgnoreCase)))
            Add(nameof(settings.AllowedCustomerRoles), "UnknownRole");

        if (settings.CommissionPercent is < 0 or > 100)
            Add(nameof(settings.CommissionPercent), "Percent");
        if (settings.BuyerCommissionSharePercent is < 0 or > 100)
            Add(nameof(settings.BuyerCommissionSharePercent), "Percent");
        if (settings.FixedFee < 0)
            Add(nameof(settings.FixedFee), "NotNegative");
        return errors;
    }

    private static bool IsUrlOrPath(string value) =>
        value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)
        || Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsValidTemplate(string template)
    {
        if (template.Length > 255)
            return false;
        try
        {
            _ = string.Format(CultureInfo.InvariantCulture, template, "1");
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,36}$")]
    private static partial Regex IdPattern();

    // The cabinet shows a checkout's id as 24 hexadecimal characters (a MongoDB ObjectId).
    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex CheckoutIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PaywayPattern();

    [GeneratedRegex(@"^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();
}
