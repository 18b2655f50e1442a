using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// The acceptance scenario in a real browser, in Russian: the admin installs and configures
/// Interkassa, a buyer pays 50 RUB for "Тестовый товар" on the (sandbox) payment page and returns to a paid order;
/// a failed payment leaves the order pending with a clear message and a working "pay again".
/// </summary>
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed partial class AcceptanceScenarioTests
{
    [Test]
    public async Task Admin_installs_and_configures_buyer_pays_and_a_failed_payment_can_be_paid_again()
    {
        await using var sandbox = await SandboxTestHost.StartAsync();
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = InterkassaStore.CopyPlugin });
        await using var browser = await BrowserSession.StartAsync(nameof(AcceptanceScenarioTests));

        // 1. The admin installs Interkassa, configures it and sees the URL to paste into the cabinet — in Russian.
        var admin = await browser.NewPersonAsync(shop.BaseAddress);
        await admin.GotoAsync("/login");
        await admin.FillAsync("#email", ShopFactory.AdminEmail);
        await admin.FillAsync("#password", ShopFactory.DefaultAdminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await admin.GotoAsync("/Admin/Plugins");
        var pluginRow = admin.Locator("tr[data-system-name='Payments.Interkassa']");
        await pluginRow.GetByRole(AriaRole.Button, new() { Name = "Установить" }).ClickAsync();
        await pluginRow.Locator("a.configure-link").ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Интеркасса: настройки");

        await admin.FillAsync("#f-CheckoutId", TestCheckouts.Md5Id);
        await admin.FillAsync("#f-SecretKey", TestCheckouts.Md5Secret);
        await admin.FillAsync("#f-TestKey", TestCheckouts.Md5Test);
        await admin.SelectOptionAsync("#f-Algorithm", "Md5");
        // A fresh install starts in live mode; the sandbox pays with the test payway.
        await admin.CheckAsync("#f-TestMode");
        await admin.FillAsync("#f-SciUrl", new Uri(sandbox.Root, "/").ToString());
        await browser.ScreenshotAsync(admin, "01-configure-filled");
        await admin.ClickAsync("#ik-save");
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await Assertions.Expect(admin.Locator("input[data-url='Configure.Urls.Notification']"))
            .ToHaveValueAsync(new Uri(shop.BaseAddress, "/Plugins/PaymentInterkassa/Notify").ToString());
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='SecretKey']")).ToContainTextAsync("••••" + TestCheckouts.Md5Secret[^4..]);
        await browser.ScreenshotAsync(admin, "02-configure-saved");

        // 2. A buyer orders "Тестовый товар", chooses Interkassa and lands on the payment page: 50.00 RUB and the description.
        var buyer = await browser.NewPersonAsync(shop.BaseAddress);
        var orderNumber = await CheckoutAsync(buyer, browser, "first");
        await Assertions.Expect(buyer.Locator("body")).ToContainTextAsync("50.00");
        await Assertions.Expect(buyer.Locator("body")).ToContainTextAsync("RUB");
        await Assertions.Expect(buyer.Locator("body")).ToContainTextAsync("Оплата заказа №" + orderNumber);
        await browser.ScreenshotAsync(buyer, "04-sandbox-payment-page");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" }).ClickAsync();

        // 3. Back in the shop the order is paid; the admin's order list says «Оплачен» with a note naming the invoice.
        await Assertions.Expect(buyer.Locator(".ik-return h1")).ToHaveTextAsync("Заказ оплачен");
        await browser.ScreenshotAsync(buyer, "05-return-paid");
        await admin.GotoAsync("/Admin/Orders");
        var orderRow = admin.Locator("tr[data-order-id]").Filter(new() { Has = admin.GetByRole(AriaRole.Link, new() { Name = orderNumber, Exact = true }) });
        await Assertions.Expect(orderRow.Locator(".payment-status")).ToHaveTextAsync("Оплачен");
        await browser.ScreenshotAsync(admin, "06-admin-orders");
        await orderRow.GetByRole(AriaRole.Link, new() { Name = orderNumber, Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("Интеркасса: оплата получена. Счёт ");
        await browser.ScreenshotAsync(admin, "07-admin-order-note");

        // 4. A failed payment: the order stays pending with a clear message, and "pay again" leads to a paid order.
        var secondOrder = await CheckoutAsync(buyer, browser, "second");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Отказ / Fail" }).ClickAsync();
        await Assertions.Expect(buyer.Locator(".ik-return h1")).ToHaveTextAsync("Оплата не прошла");
        await Assertions.Expect(buyer.Locator(".ik-return__message")).ToContainTextAsync("деньги не списаны");
        await Assertions.Expect(buyer.Locator(".ik-return__status")).ToHaveTextAsync("Ожидает оплаты");
        await browser.ScreenshotAsync(buyer, "08-return-failed");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить снова" }).ClickAsync();
        await Assertions.Expect(buyer.Locator("body")).ToContainTextAsync("Оплата заказа №" + secondOrder);
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" }).ClickAsync();
        await Assertions.Expect(buyer.Locator(".ik-return h1")).ToHaveTextAsync("Заказ оплачен");
        await browser.ScreenshotAsync(buyer, "09-paid-after-retry");
    }

    /// <summary>Catalogue → product → cart → contact → Interkassa → confirm; returns the order number shown on the payment page.</summary>
    private static async Task<string> CheckoutAsync(IPage buyer, BrowserSession browser, string label)
    {
        await buyer.GotoAsync("/");
        await buyer.GetByRole(AriaRole.Link, new() { Name = StoreDriver.TestProduct }).ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "В корзину" }).ClickAsync();
        await buyer.GotoAsync("/cart");
        await buyer.ClickAsync("#go-checkout");
        await buyer.FillAsync("#Input_Email", "buyer@example.com");
        await buyer.FillAsync("#Input_FullName", "Иван Петров");
        await buyer.SelectOptionAsync("#Input_Country", "RU");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Далее" }).ClickAsync();
        var method = buyer.Locator("label.method[data-method='Payments.Interkassa']");
        await Assertions.Expect(method.Locator(".method-name")).ToHaveTextAsync("Интеркасса");
        await method.ClickAsync();
        if (label == "first")
            await browser.ScreenshotAsync(buyer, "03-checkout-payment-method");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Далее" }).ClickAsync();
        await buyer.ClickAsync("#place-order");

        // The store's hand-off form submits itself to the payment page.
        await buyer.WaitForURLAsync(url => url.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !url.Contains("/checkout", StringComparison.Ordinal)
                                           && buyer.Url != "about:blank");
        await Assertions.Expect(buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" })).ToBeVisibleAsync();
        var text = await buyer.Locator("body").InnerTextAsync();
        var match = OrderNumber().Match(text);
        Assert.That(match.Success, Is.True, "the payment page shows the order's description: " + text);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Оплата заказа №(\d+)")]
    private static partial Regex OrderNumber();
}
