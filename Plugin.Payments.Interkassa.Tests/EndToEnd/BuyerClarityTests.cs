using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Directory;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// What the buyer reads around Interkassa: the amount and currency it will charge when that is not the currency on
/// screen, a message addressed to the buyer (with a way back) when no method can be offered, and a Pending return
/// page that waits without inviting a second payment.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class BuyerClarityTests
{
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task The_confirm_page_states_what_Interkassa_will_charge_in_another_currency()
    {
        string? sameCurrency = null;
        string? otherCurrency = null;
        string? expected = null;
        using (var buyer = _store.Shop.CreateBrowser())
        {
            await ToConfirmPageAsync(buyer);
            sameCurrency = await DescriptionOnConfirmAsync(buyer);
        }

        await _store.WithSettingsAsync(s => s.PaymentCurrency = "USD", async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            await ToConfirmPageAsync(buyer);
            otherCurrency = await DescriptionOnConfirmAsync(buyer);
            expected = await _store.Shop.WithScopeAsync(async services =>
            {
                var settings = await services.GetRequiredService<Shop.Abstractions.Settings.ISettingService>().LoadSettingAsync<InterkassaSettings>();
                var currencies = services.GetRequiredService<ICurrencyService>();
                var total = 50m + Math.Round(CommissionCalculator.BuyerFee(50m, settings), 2, MidpointRounding.AwayFromZero);
                var usd = await currencies.ConvertFromPrimaryStoreCurrencyAsync(total, (await currencies.GetCurrencyByCodeAsync("USD"))!);
                return "К оплате через Интеркассу: " + PaymentAmountCalculator.Round(usd).ToString("N2", CultureInfo.GetCultureInfo("ru-RU")) + " USD.";
            });
        });

        Assert.Multiple(() =>
        {
            Assert.That(sameCurrency, Does.Not.Contain("К оплате через Интеркассу"), "paid in the currency on screen: nothing to add");
            Assert.That(otherCurrency, Does.EndWith(expected!), "the buyer sees the amount and currency of the payment page");
        });
    }

    [Test]
    public async Task When_display_rules_hide_Interkassa_the_buyer_reads_why_and_has_a_way_back()
    {
        IReadOnlyList<string?> methods = [];
        string? message = null;
        AngleSharp.Html.Dom.IHtmlDocument? page = null;
        await _store.WithSettingsAsync(s => s.AllowedCountries = "UA", async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            await StoreDriver.AddToCartAsync(buyer);
            using var contact = await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU");
            page = await ShopPage.GetAsync(buyer, "/checkout/payment");
            methods = page.QuerySelectorAll("label.method").Select(m => m.GetAttribute("data-method")).ToList();
            message = ShopPage.Text(page, "#no-payment-method");
        });

        Assert.Multiple(() =>
        {
            Assert.That(methods, Does.Not.Contain(InterkassaStore.SystemName), "Interkassa is not offered for Russia");
            Assert.That(message, Does.StartWith("Для этого заказа сейчас нет доступного способа оплаты"));
            Assert.That(message, Does.Not.Contain("Администратор"), "addressed to the buyer, not to the admin");
            Assert.That(page!.QuerySelector("a#back-to-contact")?.GetAttribute("href"), Is.EqualTo("/checkout"), "a way back to change the country");
            Assert.That(page.QuerySelector("a#back-to-cart")?.GetAttribute("href"), Is.EqualTo("/cart"));
        });
    }

    [Test]
    public async Task The_pending_return_page_waits_without_offering_a_second_payment()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        var returned = await _store.PayAsync(buyer, purchase, "pending");

        Assert.Multiple(() =>
        {
            Assert.That(returned.QuerySelector(".ik-return")?.GetAttribute("data-outcome"), Is.EqualTo("Pending"));
            Assert.That(returned.QuerySelector(".ik-return")?.GetAttribute("data-paid"), Is.EqualTo("false"));
            Assert.That(returned.QuerySelector("form.ik-return__pay-again"), Is.Null, "no second payment while the first may still arrive");
            Assert.That(ShopPage.Text(returned, ".ik-return__message"), Does.EndWith("Платить ещё раз не нужно."));
            Assert.That(returned.QuerySelector($".ik-return__actions a[href='/order/{purchase.Order.OrderGuid}']"), Is.Not.Null, "the buyer can follow the order");
        });
    }

    private static async Task ToConfirmPageAsync(HttpClient buyer)
    {
        await StoreDriver.AddToCartAsync(buyer);
        using var contact = await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU");
    }

    private static async Task<string?> DescriptionOnConfirmAsync(HttpClient buyer)
    {
        var confirm = await StoreDriver.ChoosePaymentMethodAsync(buyer, InterkassaStore.SystemName);
        Assert.That(confirm.QuerySelector("#place-order"), Is.Not.Null, "the confirm page");
        return ShopPage.Text(confirm, "#chosen-method-description");
    }
}
