using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// The setup assistant in a real browser on a fresh demo store, in Russian: configure page → «Мастер проверки
/// подключения» → the static checks → the live test (the sandbox's payment page in a new tab) → «Оплата подтверждена»,
/// seen by the assistant's page without a reload. On a laptop and on a 390 px phone.
/// </summary>
[TestFixture(1280)]
[TestFixture(390)]
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed partial class SetupAssistantBrowserTests(int width)
{
    private ShopFactory _shop = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        _browser = await BrowserSession.StartAsync($"{nameof(SetupAssistantBrowserTests)}-{width}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Test]
    public async Task The_assistant_takes_the_admin_from_the_checks_to_a_confirmed_payment()
    {
        var admin = await _browser.NewPersonAsync(_shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        await admin.GotoAsync("/Admin/PaymentInterkassa/Configure");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Мастер проверки подключения" }).ClickAsync();

        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("Мастер проверки подключения");
        await Assertions.Expect(admin.Locator("#ik-checks li")).ToHaveCountAsync(6);
        await Assertions.Expect(admin.Locator("#ik-checks li[data-check='Settings'] .ik-check__text")).ToHaveTextAsync("Идентификатор кассы и ключи заданы.");
        await Assertions.Expect(admin.Locator("#ik-checks-summary")).ToContainTextAsync("Проверить оплату уже можно"); // one remark: the demo store has no URL of its own
        await _browser.ScreenshotAsync(admin, "01-checks");
        Assert.That(await BrowserSession.OverflowsSidewaysAsync(admin), Is.False, "the checklist fits the screen");

        // A marker that a reload would lose: the progress must arrive by polling.
        await admin.EvaluateAsync("() => { window.notReloaded = true; }");
        var sandbox = await admin.RunAndWaitForPopupAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Создать тестовый заказ и открыть оплату" }).ClickAsync());
        var pay = sandbox.GetByRole(AriaRole.Button, new() { Name = "Оплатить / Pay" });
        await Assertions.Expect(pay).ToBeVisibleAsync();
        await Assertions.Expect(sandbox.Locator("#amount")).ToHaveTextAsync("50.00");
        await Assertions.Expect(sandbox.Locator("#payway")).ToContainTextAsync("test_interkassa_test_xts"); // chosen in advance
        await _browser.ScreenshotAsync(admin, "02-following");
        await _browser.ScreenshotAsync(sandbox, "03-sandbox-payment-page");
        await pay.ClickAsync();

        await Assertions.Expect(admin.Locator("#ik-live-headline")).ToHaveTextAsync(ConfirmedHeadline(), new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("#ik-steps li[data-state='Done']")).ToHaveCountAsync(4);
        await Assertions.Expect(admin.Locator("#ik-steps li").First).ToContainTextAsync("Интеркасса приняла форму оплаты");
        await Assertions.Expect(admin.Locator("#ik-start-button")).ToBeHiddenAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Новый тестовый заказ" })).ToBeVisibleAsync();
        await _browser.ScreenshotAsync(admin, "04-confirmed");
        Assert.Multiple(async () =>
        {
            Assert.That(await admin.EvaluateAsync<bool>("() => window.notReloaded === true"), Is.True, "followed without a reload");
            Assert.That(admin.Url, Does.Contain("order="), "a reload would keep following the same order");
            Assert.That(await BrowserSession.OverflowsSidewaysAsync(admin), Is.False, "the live test fits the screen");
        });
    }

    [GeneratedRegex(@"^Оплата подтверждена: заказ №\d+ оплачен — подключение к Интеркассе работает\.$")]
    private static partial Regex ConfirmedHeadline();
}
