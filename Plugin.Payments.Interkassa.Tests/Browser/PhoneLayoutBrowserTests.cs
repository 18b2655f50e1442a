using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// On a 390 px phone (and on a laptop) the buyer sees the whole fee and every page of the
/// purchase fits the screen; the admin's pages fit too, with a navigation that folds away on a phone.
/// </summary>
[TestFixture(1280)]
[TestFixture(390)]
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed class PhoneLayoutBrowserTests(int width)
{
    private InterkassaStore _store = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        using var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.CommissionPercent"] = "3.5", ["Input.BuyerCommissionSharePercent"] = "100", ["Input.FixedFee"] = "5",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "a fee is configured");
        _browser = await BrowserSession.StartAsync($"{nameof(PhoneLayoutBrowserTests)}-{width}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _store.DisposeAsync();
    }

    private async Task ExpectFitsAsync(IPage page, string step)
    {
        await _browser.ScreenshotAsync(page, step);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(overflow, Is.LessThanOrEqualTo(width), $"{step}: the page is wider than the {width} px screen");
    }

    [Test]
    public async Task A_buyer_sees_the_whole_fee_and_every_step_of_the_purchase_fits_the_screen()
    {
        var buyer = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await buyer.GotoAsync("/");
        await buyer.GetByRole(AriaRole.Link, new() { Name = StoreDriver.TestProduct }).First.ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "В корзину" }).ClickAsync();
        await buyer.GotoAsync("/cart");
        await ExpectFitsAsync(buyer, "01-cart");
        await buyer.ClickAsync("#go-checkout");
        await buyer.FillAsync("#Input_Email", "buyer@example.com");
        await buyer.FillAsync("#Input_FullName", "Иван Петров");
        await buyer.SelectOptionAsync("#Input_Country", "RU");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Далее" }).ClickAsync();

        var method = buyer.Locator("label.method[data-method='Payments.Interkassa']");
        var fee = method.Locator(".method-fee");
        await Assertions.Expect(fee).ToContainTextAsync("Комиссия");
        await Assertions.Expect(fee).ToContainTextAsync("₽");
        var feeBox = await fee.BoundingBoxAsync() ?? throw new AssertionException("the fee is not shown");
        var clipped = await fee.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth + 1");
        Assert.That(feeBox.X + feeBox.Width, Is.LessThanOrEqualTo(width), "the fee ends inside the screen");
        Assert.That(clipped, Is.False, "the fee's text is not cut");
        await ExpectFitsAsync(buyer, "02-payment-method-with-fee");
        await method.ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Далее" }).ClickAsync();
        await Assertions.Expect(buyer.Locator("#place-order")).ToBeVisibleAsync();
        await ExpectFitsAsync(buyer, "03-confirm");
        await buyer.ClickAsync("#place-order");

        await Assertions.Expect(buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" })).ToBeVisibleAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" }).ClickAsync();
        await Assertions.Expect(buyer.Locator(".ik-return h1")).ToHaveTextAsync("Заказ оплачен");
        await ExpectFitsAsync(buyer, "04-return-paid");
    }

    [Test]
    public async Task In_Ukrainian_the_cart_and_the_payment_step_fit_the_screen()
    {
        var buyer = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await buyer.GotoAsync("/?culture=uk-UA");
        await buyer.GetByRole(AriaRole.Link, new() { Name = StoreDriver.TestProduct }).First.ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "До кошика" }).ClickAsync();
        await buyer.GotoAsync("/cart");
        await Assertions.Expect(buyer.Locator("h1")).ToHaveTextAsync("Кошик");
        await ExpectFitsAsync(buyer, "12-uk-cart");
        await buyer.ClickAsync("#go-checkout");
        await buyer.FillAsync("#Input_Email", "buyer@example.com");
        await buyer.FillAsync("#Input_FullName", "Тарас Коваленко");
        await buyer.SelectOptionAsync("#Input_Country", "UA");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Далі" }).ClickAsync();

        var method = buyer.Locator("label.method[data-method='Payments.Interkassa']");
        await Assertions.Expect(method.Locator(".method-name")).ToHaveTextAsync("Інтеркаса");
        await Assertions.Expect(method.Locator(".method-fee")).ToContainTextAsync("Комісія");
        await ExpectFitsAsync(buyer, "13-uk-payment-method");
    }

    [Test]
    public async Task The_admin_pages_fit_the_screen_and_the_navigation_folds_away_on_a_phone()
    {
        await _store.PaidPurchaseAsync();
        var admin = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        await admin.GotoAsync("/Admin/Orders");
        var sidebarLink = admin.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Плагины" });
        if (width < 600)
        {
            await Assertions.Expect(sidebarLink).Not.ToBeVisibleAsync();
            await admin.GetByText("Меню").ClickAsync();
        }
        await Assertions.Expect(sidebarLink).ToBeVisibleAsync();
        await ExpectFitsAsync(admin, "05-admin-orders-menu");

        await admin.GotoAsync("/Admin/Orders");
        await admin.Locator("tr[data-order-id] a").First.ClickAsync();
        await Assertions.Expect(admin.Locator("#payment-status")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#interkassa-panel #ik-payway")).ToHaveTextAsync(Plugin.Payments.Interkassa.Protocol.InterkassaProtocol.TestPayway);
        await ExpectFitsAsync(admin, "06-admin-order");
        foreach (var (path, step) in new[] { ("/Admin/Plugins", "07-admin-plugins"), (InterkassaDefaults.ConfigurePath, "08-admin-configure"),
                     ("/Admin/PaymentMethods", "09-admin-payment-methods"), ("/Admin/PaymentInterkassa/Journal", "10-admin-journal"),
                     (InterkassaDefaults.ConfigurePath + "?tab=display", "11-admin-configure-pickers") })
        {
            await admin.GotoAsync(path);
            await ExpectFitsAsync(admin, step);
        }
    }
}
