using Microsoft.Playwright;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// As a Russian-speaking admin meets them in Chromium on a laptop and on a phone:
/// the configure page saves what it shows, after any check; a typed key is never silently dropped; a checkout id
/// that is not 24 hex characters is refused next to its field.
/// </summary>
[TestFixture(1280)]
[TestFixture(390)]
[NonParallelizable]
[Category(TestCategories.Browser)]
public sealed class ConfigureFormBrowserTests(int width)
{
    private InterkassaStore _store = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        _browser = await BrowserSession.StartAsync($"{nameof(ConfigureFormBrowserTests)}-{width}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _store.DisposeAsync();
    }

    private async Task<IPage> OpenConfigureAsync()
    {
        var admin = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        await admin.GotoAsync(InterkassaDefaults.ConfigurePath);
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Интеркасса: настройки");
        return admin;
    }

    private static async Task OpenTabAsync(IPage admin, string name) =>
        await admin.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();

    [Test]
    public async Task The_page_source_carries_Russian_as_text_not_as_character_entities()
    {
        var admin = await _browser.NewPersonAsync(_store.Shop.BaseAddress, width);
        await BrowserSession.LogInAsAdminAsync(admin);
        var response = await admin.GotoAsync(InterkassaDefaults.ConfigurePath) ?? throw new AssertionException("no response");
        var source = await response.TextAsync();
        Assert.That(source, Does.Contain("Интеркасса: настройки").And.Contain("Сохранить"));
        Assert.That(source, Does.Not.Contain("&#x4"), "no Cyrillic written as &#x4..; entities");
    }

    [Test]
    public async Task Save_after_a_connection_check_or_a_self_test_saves_the_form_and_says_so()
    {
        var admin = await OpenConfigureAsync();
        await Assertions.Expect(admin.Locator("#ik-mode")).ToContainTextAsync("Тестовый режим: платежи не списывают деньги");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Проверить подключение" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#ik-connection strong")).ToHaveTextAsync("Подключение работает.");
        await Assertions.Expect(admin.Locator("#ik-connection")).ToContainTextAsync("Проверка ничего не сохранила");
        await _browser.ScreenshotAsync(admin, "01-after-connection-check");
        await OpenTabAsync(admin, "Комиссии");
        await admin.FillAsync("#f-FixedFee", "7.5");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await OpenTabAsync(admin, "Комиссии");
        await Assertions.Expect(admin.Locator("#f-FixedFee")).ToHaveValueAsync("7.5");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Выполнить самопроверку" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#ik-selftest-algorithm")).ToHaveTextAsync("MD5");
        await OpenTabAsync(admin, "Обслуживание");
        await admin.FillAsync("#f-ReconciliationIntervalMinutes", "20");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await OpenTabAsync(admin, "Обслуживание");
        await Assertions.Expect(admin.Locator("#f-ReconciliationIntervalMinutes")).ToHaveValueAsync("20");
        await _browser.ScreenshotAsync(admin, "02-saved-after-self-test");

        Assert.That(await BrowserSession.OverflowsSidewaysAsync(admin), Is.False, "the configure page fits the window");
    }

    [Test]
    public async Task A_key_typed_before_a_failed_save_is_kept_and_saved_once_the_error_is_fixed()
    {
        var admin = await OpenConfigureAsync();
        await admin.FillAsync("#f-SecretKey", "NewSecretKey-9876");
        await admin.FillAsync("#f-CheckoutId", "12345");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();

        await Assertions.Expect(admin.Locator(".ik-notice--error")).ToContainTextAsync("Настройки не сохранены");
        await Assertions.Expect(admin.Locator(".ik-error[data-field='CheckoutId']")).ToContainTextAsync("24 символа");
        await Assertions.Expect(admin.Locator(".ik-tab--error")).ToContainTextAsync("Подключение");
        await Assertions.Expect(admin.Locator(".ik-secret-pending[data-field='SecretKey']")).ToContainTextAsync("••••9876");
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='SecretKey']")).Not.ToContainTextAsync("••••9876");
        await _browser.ScreenshotAsync(admin, "03-wrong-checkout-id-key-kept");

        await admin.FillAsync("#f-CheckoutId", "zzzzzzzzzzzzzzzzzzzzzzzz");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-error[data-field='CheckoutId']")).ToContainTextAsync("24 символа");
        await Assertions.Expect(admin.Locator(".ik-secret-pending[data-field='SecretKey']")).ToContainTextAsync("••••9876");

        await admin.FillAsync("#f-CheckoutId", Sandbox.TestCheckouts.Md5Id);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='SecretKey']")).ToContainTextAsync("••••9876");
        await _browser.ScreenshotAsync(admin, "04-key-saved");

        // Put the fixture's key back for the other tests.
        await admin.FillAsync("#f-SecretKey", Sandbox.TestCheckouts.Md5Secret);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
    }

    [Test]
    public async Task A_key_typed_before_a_connection_check_is_saved_by_the_next_save()
    {
        var admin = await OpenConfigureAsync();
        await admin.FillAsync("#f-ApiKey", Sandbox.TestCheckouts.ApiKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Проверить подключение" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#ik-connection strong")).ToHaveTextAsync("Подключение работает.");
        await Assertions.Expect(admin.Locator(".ik-secret-pending[data-field='ApiKey']")).ToContainTextAsync("••••iKey");
        await Assertions.Expect(admin.Locator("#f-ApiKey")).ToHaveValueAsync("");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await Assertions.Expect(admin.Locator(".ik-secret-pending")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_stored_key_is_removed_only_when_its_box_is_ticked()
    {
        var admin = await OpenConfigureAsync();
        await admin.CheckAsync("#f-RemoveApiKey");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-notice--ok")).ToHaveTextAsync("Настройки сохранены.");
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='ApiKey']")).ToHaveTextAsync("Не задан");
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='SecretKey']")).ToContainTextAsync("••••");

        await admin.FillAsync("#f-ApiKey", Sandbox.TestCheckouts.ApiKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".ik-secret-state[data-field='ApiKey']")).ToContainTextAsync("••••iKey");
    }
}
