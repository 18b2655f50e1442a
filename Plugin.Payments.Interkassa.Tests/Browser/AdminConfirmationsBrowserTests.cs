using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// In Chromium and in Russian on a laptop and on a phone: uninstalling asks first and
/// keeps the payment history; a refund asks with its amount and currency, offers the rest, and says what happened.
/// </summary>
[TestFixture(1280)]
[TestFixture(390)]
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed class AdminConfirmationsBrowserTests(int width)
{
    private static Task<InterkassaStore> StartStoreAsync() =>
        InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });

    private static async Task<IPage> AdminAsync(BrowserSession browser, InterkassaStore store, int width)
    {
        var admin = await browser.NewPersonAsync(store.Shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        return admin;
    }

    [Test]
    public async Task Uninstall_asks_first_says_what_is_deleted_and_kept_and_keeps_the_payment_history()
    {
        await using var store = await StartStoreAsync();
        await store.PaidPurchaseAsync();
        var journalBefore = await JournalRowsAsync(store);
        await using var browser = await BrowserSession.StartAsync($"{nameof(AdminConfirmationsBrowserTests)}-uninstall-{width}");
        var admin = await AdminAsync(browser, store, width);

        await admin.GotoAsync("/Admin/Plugins");
        var row = admin.Locator("tr[data-system-name='Payments.Interkassa']");
        await row.GetByRole(AriaRole.Link, new() { Name = "Удалить" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Удалить плагин «Interkassa»?");
        await Assertions.Expect(admin.Locator("#uninstall-deletes")).ToContainTextAsync("настройки плагина (в том числе ключи)");
        await Assertions.Expect(admin.Locator("#uninstall-keeps")).ToContainTextAsync("история платежей Интеркассы");
        await Assertions.Expect(admin.GetByLabel("Удалить историю платежей")).Not.ToBeCheckedAsync();
        await browser.ScreenshotAsync(admin, "01-uninstall-confirmation");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Отмена" }).ClickAsync();
        await Assertions.Expect(row.Locator(".plugin-installed")).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "Удалить" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Удалить плагин" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".notice.success")).ToContainTextAsync("история платежей сохранена");
        await Assertions.Expect(row.Locator(".plugin-not-installed")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(admin, "02-uninstalled-history-kept");
        Assert.That(await JournalRowsAsync(store), Is.EqualTo(journalBefore).And.Positive, "the journal survived the uninstall");
    }

    [Test]
    public async Task A_refund_asks_with_its_amount_and_currency_offers_the_rest_and_says_what_happened()
    {
        await using var store = await StartStoreAsync();
        var partly = await store.PaidPurchaseAsync();
        var whole = await store.PaidPurchaseAsync();
        await using var browser = await BrowserSession.StartAsync($"{nameof(AdminConfirmationsBrowserTests)}-refund-{width}");
        var admin = await AdminAsync(browser, store, width);

        // A full refund: asked with the amount and currency; «Отмена» changes nothing; «Да» refunds and says so.
        await admin.GotoAsync(Operate.OrderPage(whole.Order.Id));
        await admin.ClickAsync("#refund");
        await Assertions.Expect(admin.Locator("#refund-confirmation")).ToContainTextAsync("Вернуть деньги покупателю?");
        await Assertions.Expect(admin.Locator("#refund-confirmation-text")).ToContainTextAsync("Вернуть 50,00 ₽ (RUB) по заказу №");
        await Assertions.Expect(admin.Locator("#payment-status")).ToHaveTextAsync("Оплачен");
        await browser.ScreenshotAsync(admin, "03-full-refund-asked");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Отмена" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#refund-confirmation")).ToHaveCountAsync(0);
        Assert.That((await store.ReloadAsync(whole.Order)).RefundedAmount, Is.Zero, "nothing refunded without the yes");
        await admin.ClickAsync("#refund");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Да, вернуть 50,00 ₽ (RUB)" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".notice.success")).ToHaveTextAsync("Возвращено 50,00 ₽ (RUB). Статус оплаты: «Возвращён».");
        await browser.ScreenshotAsync(admin, "04-full-refund-done");

        // A partial refund, then «вернуть остаток».
        await admin.GotoAsync(Operate.OrderPage(partly.Order.Id));
        await admin.FillAsync("#amount", "10");
        await admin.ClickAsync("#partial-refund");
        await Assertions.Expect(admin.Locator("#refund-confirmation-text")).ToContainTextAsync("Вернуть 10,00 ₽ (RUB)");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Да, вернуть 10,00 ₽ (RUB)" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".notice.success")).ToHaveTextAsync("Возвращено 10,00 ₽ (RUB). Статус оплаты: «Частично возвращён».");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Вернуть остаток: 40,00 ₽ (RUB)" }).ClickAsync();
        await browser.ScreenshotAsync(admin, "05-rest-asked");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Да, вернуть 40,00 ₽ (RUB)" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".notice.success")).ToHaveTextAsync("Возвращено 40,00 ₽ (RUB). Статус оплаты: «Возвращён».");
        Assert.That((await store.ReloadAsync(partly.Order)).RefundedAmount, Is.EqualTo(partly.Order.OrderTotal));
    }

    private static Task<int> JournalRowsAsync(InterkassaStore store) => store.Shop.WithScopeAsync(services =>
        services.GetRequiredService<InterkassaDbContext>().Notifications.CountAsync());
}
