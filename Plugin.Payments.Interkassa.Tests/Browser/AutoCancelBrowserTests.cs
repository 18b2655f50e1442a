using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// The auto-cancel rule on the configure page's «Обслуживание» tab as a Russian-speaking admin meets it in Chromium on a
/// laptop and on a phone: off as installed, refused next to its field without a payment lifetime, saved with one.
/// </summary>
[TestFixture(1280)]
[TestFixture(390)]
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed class AutoCancelBrowserTests(int width)
{
    private InterkassaStore _store = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        _browser = await BrowserSession.StartAsync($"{nameof(AutoCancelBrowserTests)}-{width}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task The_rule_needs_a_payment_lifetime_shorter_than_its_wait_and_says_so_next_to_the_field()
    {
        var admin = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        await admin.GotoAsync(InterkassaDefaults.ConfigurePath);
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Обслуживание" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#f-AutoCancelEnabled")).Not.ToBeCheckedAsync();
        await Assertions.Expect(admin.Locator("#f-AutoCancelHours")).ToHaveValueAsync("72");

        await admin.Locator("#f-AutoCancelEnabled").CheckAsync();
        await admin.Locator("#ik-save").ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-error[data-field='AutoCancelHours']")).ToHaveTextAsync(
            "Чтобы отменять неоплаченные заказы, задайте «Срок жизни платежа» на вкладке «Подключение»: без него неизвестно, когда счёт перестаёт быть оплачиваемым.");
        await _browser.ScreenshotAsync(admin, "01-needs-lifetime");
        var overflowsWithError = await BrowserSession.OverflowsSidewaysAsync(admin);

        await admin.GetByRole(AriaRole.Tab, new() { Name = "Подключение" }).ClickAsync();
        await admin.Locator("#f-PaymentLifetimeMinutes").FillAsync("1440");
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Обслуживание" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#f-AutoCancelEnabled")).ToBeCheckedAsync();
        await admin.Locator("#ik-save").ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Обслуживание" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#f-AutoCancelEnabled")).ToBeCheckedAsync();
        await _browser.ScreenshotAsync(admin, "02-saved");

        Assert.That(overflowsWithError, Is.False, "the tab fits the window with its message");
    }
}
