using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Settings;

[Category(TestCategories.Fast)]
public class SettingsValidatorTests
{
    private static readonly string[] Currencies = ["RUB", "USD", "EUR", "UAH"];
    private static readonly string[] Roles = ["Administrators", "Registered", "Guests"];
    private static readonly string[] Countries = ["RU", "UA", "KZ"];

    private static IReadOnlyList<SettingsValidator.FieldError> Validate(InterkassaSettings settings, bool secret = true, bool test = true, bool demo = false) =>
        SettingsValidator.Validate(settings, secret, test, Currencies, Roles, Countries, storePathsAllowed: demo);

    private static InterkassaSettings Valid() => new() { CheckoutId = "64a7f0c1d2e3f4a5b6c7d8e9", TestMode = true };

    [Test]
    public void Complete_settings_have_no_errors() => Assert.That(Validate(Valid()), Is.Empty);

    [Test]
    public void Checkout_id_of_the_wrong_shape_is_refused_next_to_its_field()
    {
        var settings = Valid();
        settings.CheckoutId = "64a7f0c1 d2e3/f4";
        Assert.That(Validate(settings).Select(e => (e.Field, e.Resource)), Does.Contain(("CheckoutId", "Errors.CheckoutIdShape")));
    }

    [TestCase("12345")]
    [TestCase("zzzzzzzzzzzzzzzzzzzzzzzz")]
    [TestCase("64a7f0c1d2e3f4a5b6c7d8e9a")]
    [TestCase("sha256-checkout")]
    public void Checkout_id_that_is_not_24_hex_characters_is_refused(string checkoutId)
    {
        var settings = Valid();
        settings.CheckoutId = checkoutId;
        Assert.That(Validate(settings).Select(e => (e.Field, e.Resource)), Does.Contain(("CheckoutId", "Errors.CheckoutIdShape")));
    }

    [TestCase("64a7f0c1d2e3f4a5b6c7d8e9")]
    [TestCase("64A7F0C1D2E3F4A5B6C7D8E9")]
    public void Checkout_id_of_24_hex_characters_is_accepted(string checkoutId)
    {
        var settings = Valid();
        settings.CheckoutId = checkoutId;
        Assert.That(Validate(settings), Is.Empty);
    }

    [Test]
    public void Live_mode_without_a_secret_key_is_refused()
    {
        var settings = Valid();
        settings.TestMode = false;
        Assert.That(Validate(settings, secret: false).Select(e => e.Field), Does.Contain("SecretKey"));
    }

    [Test]
    public void Minimum_above_maximum_is_refused()
    {
        var settings = Valid();
        settings.MinOrderTotal = 500m;
        settings.MaxOrderTotal = 100m;
        Assert.That(Validate(settings).Select(e => (e.Field, e.Resource)), Does.Contain(("MinOrderTotal", "Errors.MinAboveMax")));
    }

    [TestCase(nameof(InterkassaSettings.AllowedSourceAddresses), "10.0.0.0/33", "Errors.Cidr")]
    [TestCase(nameof(InterkassaSettings.PaymentCurrency), "XYZ", "Errors.PaymentCurrency")]
    [TestCase(nameof(InterkassaSettings.DescriptionTemplate), "Order {1", "Errors.DescriptionTemplate")]
    [TestCase(nameof(InterkassaSettings.SciUrl), "ftp://sci.example", "Errors.Url")]
    [TestCase(nameof(InterkassaSettings.AllowedCustomerRoles), "Vip", "Errors.UnknownRole")]
    [TestCase(nameof(InterkassaSettings.AllowedCountries), "RUS", "Errors.CountryCode")]
    [TestCase(nameof(InterkassaSettings.AllowedCountries), "RU;XX", "Errors.UnknownCountry")]
    public void Bad_values_name_their_field(string property, string value, string resource)
    {
        var settings = Valid();
        typeof(InterkassaSettings).GetProperty(property)!.SetValue(settings, value);
        Assert.That(Validate(settings).Select(e => (e.Field, e.Resource)), Does.Contain((property, resource)));
    }

    [Test]
    public void The_store_s_countries_currencies_and_roles_are_accepted()
    {
        var settings = Valid();
        settings.AllowedCountries = "RU;ua";
        settings.AllowedCurrencies = "RUB;UAH";
        settings.AllowedCustomerRoles = "Registered;Guests";
        Assert.That(Validate(settings), Is.Empty);
    }

    [Test]
    public void Percentages_outside_0_to_100_are_refused()
    {
        var settings = Valid();
        settings.CommissionPercent = 101m;
        settings.BuyerCommissionSharePercent = -1m;
        Assert.That(Validate(settings).Count(e => e.Resource == "Errors.Percent"), Is.EqualTo(2));
    }

    [TestCase(nameof(InterkassaSettings.SciUrl), "/sandbox/interkassa/")]
    [TestCase(nameof(InterkassaSettings.ApiUrl), "/sandbox/interkassa/v1/")]
    public void Outside_demo_a_url_that_is_a_path_into_the_store_is_refused_next_to_its_field(string property, string path)
    {
        var settings = Valid();
        typeof(InterkassaSettings).GetProperty(property)!.SetValue(settings, path);
        Assert.That(Validate(settings, demo: false).Select(e => (e.Field, e.Resource)), Is.EqualTo(new[] { (property, "Errors.UrlInStore") }));
    }

    [Test]
    public void In_demo_mode_the_sandbox_paths_in_the_store_are_accepted()
    {
        var settings = Valid();
        settings.SciUrl = "/sandbox/interkassa/";
        settings.ApiUrl = "/sandbox/interkassa/v1/";
        Assert.That(Validate(settings, demo: true), Is.Empty);
    }
}
