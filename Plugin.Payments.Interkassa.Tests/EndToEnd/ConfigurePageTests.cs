using AngleSharp.Dom;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>The configure page as an admin uses it: errors next to fields, nothing saved on error, fees shown to buyers.</summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class ConfigurePageTests
{
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _store = await InterkassaStore.StartAsync(postgres: false);

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    private Task<InterkassaSettings> SettingsAsync() =>
        _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());

    [Test]
    public async Task Opening_the_page_shows_no_errors_and_the_cabinet_urls_of_this_store()
    {
        var page = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector(".ik-notice--error"), Is.Null);
            Assert.That(page.QuerySelectorAll(".ik-error"), Is.Empty);
            Assert.That(page.QuerySelector("input[data-url='Configure.Urls.Notification']")?.GetAttribute("value"),
                Is.EqualTo(new Uri(_store.Shop.BaseAddress, "/Plugins/PaymentInterkassa/Notify").ToString()));
            Assert.That(page.QuerySelector("#f-TestMode")?.HasAttribute("checked"), Is.True);
        });
    }

    [Test]
    public async Task Countries_currencies_and_roles_are_picked_from_the_store_s_lists_and_saved_as_codes()
    {
        var page = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        var countryBoxes = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("#f-AllowedCountries input[type=checkbox]").ToList();
        var kazakhstan = countryBoxes.Single(b => b.Value == "KZ");
        var label = kazakhstan.ParentElement?.TextContent.Trim();
        kazakhstan.IsChecked = true;
        page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("#f-AllowedCurrencies input[type=checkbox]").Single(b => b.Value == "RUB").IsChecked = true;
        page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("#f-AllowedCustomerRoles input[type=checkbox]").Single(b => b.Value == "Guests").IsChecked = true;

        using var saved = await ShopPage.SubmitAsync(_store.Admin, page, "form.ik-form");
        var settings = await SettingsAsync();
        var reopened = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        using var cleared = await _store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.AllowedCountries"] = "", ["Input.AllowedCurrencies"] = "", ["Input.AllowedCustomerRoles"] = "",
        });

        Assert.Multiple(async () =>
        {
            Assert.That(countryBoxes.Select(b => b.Value), Does.Contain("RU").And.Contain("UA"), "the store's countries are offered");
            Assert.That(label, Does.Contain("Казахстан"), "by name, in the admin's language");
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "saved");
            Assert.That(settings.AllowedCountries, Is.EqualTo("KZ"));
            Assert.That(settings.AllowedCurrencies, Is.EqualTo("RUB"));
            Assert.That(settings.AllowedCustomerRoles, Is.EqualTo("Guests"));
            Assert.That(reopened.QuerySelectorAll("#f-AllowedCountries input:checked").Select(b => b.GetAttribute("value")), Is.EqualTo(new[] { "KZ" }));
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await SettingsAsync()).AllowedCountries, Is.Empty, "nothing ticked: every country");
        });
    }

    [TestCase("Input.CheckoutId", "64a7f0c1 d2e3/f4", "CheckoutId", "Идентификатор кассы — 24 символа: цифры и латинские буквы a–f, как в кабинете (Касса → Настройки).", "connection")]
    [TestCase("Input.CheckoutId", "12345", "CheckoutId", "Идентификатор кассы — 24 символа: цифры и латинские буквы a–f, как в кабинете (Касса → Настройки).", "connection")]
    [TestCase("Input.MinOrderTotal", "500", "MinOrderTotal", "Минимальная сумма больше максимальной.", "display")]
    [TestCase("Input.CommissionPercent", "пять", "CommissionPercent", "Введите число, например 12.50.", "commission")]
    [TestCase("Input.AllowedSourceAddresses", "10.0.0.0/33", "AllowedSourceAddresses", "Не удалось прочитать адрес: используйте вид 35.233.69.55 или 35.233.69.0/24.", "connection")]
    [TestCase("Input.NotificationMethod", "put", "NotificationMethod", "Выберите POST или GET.", "connection")]
    [TestCase("Input.PaymentLifetimeMinutes", "час", "PaymentLifetimeMinutes", "Введите целое число, например 30.", "connection")]
    [TestCase("Input.ReconciliationIntervalMinutes", "0", "ReconciliationIntervalMinutes", "Интервал — от 1 до 1440 минут.", "operations")]
    [TestCase("Input.RefundLookbackDays", "366", "RefundLookbackDays", "Срок поиска возвратов — от 0 до 365 дней.", "operations")]
    [TestCase("Input.RefundLookbackDays", "-1", "RefundLookbackDays", "Срок поиска возвратов — от 0 до 365 дней.", "operations")]
    [TestCase("Input.AllowedCountries", "XX", "AllowedCountries", "В магазине нет такой страны: отметьте страны из списка.", "display")]
    public async Task A_bad_value_gets_a_message_next_to_its_field_a_mark_on_its_tab_and_nothing_is_saved(string input, string value, string field,
        string message, string tab)
    {
        var before = await SettingsAsync();
        var values = new Dictionary<string, string> { [input] = value };
        if (field == "MinOrderTotal")
            values["Input.MaxOrderTotal"] = "100";

        using var response = await _store.SaveConfigurationAsync(values);
        var page = await ShopPage.ParseHtmlAsync(response);
        var after = await SettingsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, $".ik-error[data-field='{field}']"), Is.EqualTo(message));
            Assert.That(page.QuerySelector($"#f-{field}")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));
            Assert.That(page.QuerySelectorAll(".ik-tab--error").Select(t => t.GetAttribute("data-tab")), Is.EqualTo(new[] { tab }), "only the field's tab is marked");
            Assert.That(page.QuerySelector(".ik-tab--active")?.GetAttribute("data-tab"), Is.EqualTo(tab), "the page opens on it");
            Assert.That(after.CheckoutId, Is.EqualTo(before.CheckoutId));
            Assert.That(after.MinOrderTotal, Is.EqualTo(before.MinOrderTotal));
            Assert.That(after.CommissionPercent, Is.EqualTo(before.CommissionPercent));
        });
    }

    [Test]
    public async Task Live_mode_without_a_secret_key_is_refused()
    {
        await using var fresh = await InterkassaStore.StartAsync(postgres: false, configure: false);
        using var response = await fresh.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.CheckoutId"] = TestCheckouts.Md5Id,
            ["Input.TestMode"] = "false",
        });
        var page = await ShopPage.ParseHtmlAsync(response);
        Assert.That(ShopPage.Text(page, ".ik-error[data-field='SecretKey']"), Is.EqualTo("В боевом режиме нужен секретный ключ."));
    }

    [Test]
    public async Task Buyer_sees_the_commission_share_as_a_fee_and_pays_it()
    {
        using (var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string>
               {
                   ["Input.CommissionPercent"] = "4",
                   ["Input.BuyerCommissionSharePercent"] = "50",
                   ["Input.FixedFee"] = "1,50",
               }))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        try
        {
            using var buyer = _store.Shop.CreateBrowser();
            await StoreDriver.AddToCartAsync(buyer);
            using (await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU")) { }
            var methods = await ShopPage.GetAsync(buyer, "/checkout/payment");
            // 50 RUB × 4 % × 50 % = 1.00, plus 1.50 fixed.
            Assert.That(ShopPage.Text(methods, "label.method[data-method='Payments.Interkassa'] .method-fee"), Does.Contain("2,50"));

            var confirm = await StoreDriver.ChoosePaymentMethodAsync(buyer, InterkassaDefaults.SystemName);
            using var handoff = await StoreDriver.PlaceOrderAsync(buyer, confirm);
            var purchase = await _store.PurchaseFromHandoffAsync(await ShopPage.ParseHtmlAsync(handoff));
            Assert.That(purchase.Amount, Is.EqualTo("52.50"));
        }
        finally
        {
            using var reset = await _store.SaveConfigurationAsync(new Dictionary<string, string>
            {
                ["Input.CommissionPercent"] = "0", ["Input.BuyerCommissionSharePercent"] = "0", ["Input.FixedFee"] = "0",
            });
        }
    }

    [Test]
    public async Task A_maximum_below_the_cart_hides_the_method_at_checkout()
    {
        using (var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.MaxOrderTotal"] = "10" }))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        try
        {
            using var buyer = _store.Shop.CreateBrowser();
            await StoreDriver.AddToCartAsync(buyer);
            using (await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU")) { }
            var methods = await ShopPage.GetAsync(buyer, "/checkout/payment");
            Assert.That(methods.QuerySelector("label.method[data-method='Payments.Interkassa']"), Is.Null);
        }
        finally
        {
            using var reset = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.MaxOrderTotal"] = "0" });
        }
    }

    [Test]
    public async Task Logo_is_shown_at_checkout_unless_the_admin_turns_it_off()
    {
        using var buyer = _store.Shop.CreateBrowser();
        await StoreDriver.AddToCartAsync(buyer);
        using (await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU")) { }
        var withLogo = await ShopPage.GetAsync(buyer, "/checkout/payment");

        using (var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.ShowLogo"] = "false" }))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        try
        {
            var withoutLogo = await ShopPage.GetAsync(buyer, "/checkout/payment");
            Assert.Multiple(() =>
            {
                Assert.That(withLogo.QuerySelector("label.method[data-method='Payments.Interkassa'] img")?.GetAttribute("src"),
                    Is.EqualTo("/Plugins/Payments.Interkassa/logo.png"));
                Assert.That(withoutLogo.QuerySelector("label.method[data-method='Payments.Interkassa']"), Is.Not.Null);
                Assert.That(withoutLogo.QuerySelector("label.method[data-method='Payments.Interkassa'] img"), Is.Null);
            });
        }
        finally
        {
            using var reset = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.ShowLogo"] = "true" });
        }
    }
}
