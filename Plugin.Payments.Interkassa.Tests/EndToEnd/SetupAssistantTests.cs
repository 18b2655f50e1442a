using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Catalog;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// The setup assistant on a fresh demo store, through real HTTP: the admin starts the live test, pays on the mounted
/// sandbox with one of its faults switched on, and the assistant's status endpoint names that fault in Russian.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class SetupAssistantTests
{
    private const string Page = "/Admin/PaymentInterkassa/Assistant";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly InvoiceListCalls _invoiceLists = new();
    private ShopFactory _shop = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            DemoMode = true,
            SetUpPlugins = InterkassaStore.CopyPlugin,
            ConfigureServices = services => services.AddHttpClient<InterkassaApiClient>().AddHttpMessageHandler(() => new CountingHandler(_invoiceLists)),
        });
        _admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(_admin);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _shop.DisposeAsync();
    }

    [Test]
    public async Task On_a_fresh_demo_store_the_static_checks_pass_and_a_test_payment_ends_confirmed()
    {
        var page = await ShopPage.GetAsync(_admin, Page);
        var levels = page.QuerySelectorAll("#ik-checks li").ToDictionary(li => li.GetAttribute("data-check")!, li => li.GetAttribute("data-level"));

        var (guid, order) = await StartAndPayAsync();
        var status = await StatusUntilAsync(guid, "Paid");
        var items = await _shop.WithScopeAsync(services => services.GetRequiredService<IOrderService>().GetOrderItemsAsync(order.Id));
        var product = await _shop.WithScopeAsync(services => services.GetRequiredService<IProductService>().GetProductBySkuAsync("interkassa-setup-test"));
        var catalogue = await ShopPage.GetAsync(_shop.CreateBrowser(), "/");

        Assert.Multiple(() =>
        {
            Assert.That(levels.Keys, Is.EquivalentTo(new[] { "Settings", "CheckoutId", "NotifyUrl", "ReturnUrls", "StoreUrl", "Api" }));
            Assert.That(levels.Where(l => l.Key != "StoreUrl").Select(l => l.Value), Is.All.EqualTo("Ok"), "the demo's settings, URLs (inside the store) and API work");
            Assert.That(ShopPage.Text(page, "#ik-checks li[data-check='Api'] .ik-check__text"), Does.StartWith("Доступ к API работает"));
            Assert.That(status.GetProperty("headline").GetString(), Is.EqualTo($"Оплата подтверждена: заказ №{order.CustomOrderNumber} оплачен — подключение к Интеркассе работает."));
            Assert.That(status.GetProperty("finished").GetBoolean(), Is.True);
            Assert.That(status.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("state").GetString()), Is.All.EqualTo("Done"));
            Assert.That(status.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("time").GetString()), Has.All.Match(@"^\d\d:\d\d:\d\d UTC$"));
            Assert.That(items.Single().ProductName, Is.EqualTo("Тестовый товар Интеркассы"));
            Assert.That(order.OrderTotal, Is.EqualTo(50m));
            Assert.That(order.PaymentMethodSystemName, Is.EqualTo(InterkassaDefaults.SystemName));
            Assert.That(product!.Published, Is.False, "the test product is hidden");
            Assert.That(_handoffFields.GetValueOrDefault("ik_pw_via"), Is.EqualTo("test_interkassa_test_xts"),
                "in test mode the test payway is chosen in advance: no real money by mistake");
            Assert.That(_handoffFields.GetValueOrDefault("ik_act"), Is.EqualTo("process"));
            Assert.That(catalogue.Body!.TextContent, Does.Not.Contain("Тестовый товар Интеркассы"));
        });
    }

    [Test]
    public async Task A_notification_signed_with_another_key_is_named_as_a_key_to_copy_again()
    {
        var (guid, _) = await StartAndPayAsync(("wrongKey", "true"));
        var status = await StatusUntilAsync(guid, "Refused");

        Assert.That(status.GetProperty("advice").GetString(),
            Is.EqualTo("Ключ не совпадает ни с секретным, ни с тестовым — скопируйте ключ заново из вкладки «Безопасность» кассы."));
    }

    [Test]
    public async Task A_notification_signed_with_the_other_algorithm_names_both_algorithms()
    {
        var (guid, _) = await StartAndPayAsync(("wrongAlgorithm", "true"));
        var status = await StatusUntilAsync(guid, "Refused");

        Assert.That(status.GetProperty("advice").GetString(), Does.StartWith("Оповещение подписано SHA-256, а в настройках выбран MD5."));
    }

    [Test]
    public async Task A_test_payment_while_test_mode_is_off_is_named_as_the_test_key_in_live_mode()
    {
        await SetTestModeAsync(false);
        try
        {
            var (guid, _) = await StartAndPayAsync();
            var status = await StatusUntilAsync(guid, "Refused");

            Assert.Multiple(() =>
            {
                Assert.That(status.GetProperty("advice").GetString(), Does.StartWith("Оповещение подписано тестовым ключом, а тестовый режим выключен."));
                Assert.That(Step(status, "SignatureVerified"), Is.EqualTo("Done"), "the signature itself was right");
                Assert.That(_handoffFields.Keys, Has.None.AnyOf("ik_pw_via", "ik_act"), "live, the test is a real payment: no payway chosen in advance");
            });
        }
        finally
        {
            await SetTestModeAsync(true);
        }
    }

    [TestCase("drop")]
    [TestCase("unreachable")]
    public async Task A_payment_whose_notification_never_arrives_is_told_apart_by_interkassas_api(string fault)
    {
        var (guid, order) = await StartAndPayAsync((fault, "true"));
        var status = await StatusUntilAsync(guid, "PaidNoNotification");
        var listsBefore = _invoiceLists.Count;
        for (var poll = 0; poll < 3; poll++)
            await StatusUntilAsync(guid, "PaidNoNotification");
        var listsDuringPolls = _invoiceLists.Count - listsBefore;
        var notifyUrl = new Uri(_shop.BaseAddress, "/Plugins/PaymentInterkassa/Notify").ToString();

        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("headline").GetString(), Is.EqualTo(
                $"Интеркасса считает заказ №{order.CustomOrderNumber} оплаченным, но оповещение до магазина не дошло. Проверьте URL взаимодействия в кабинете Интеркассы (касса → «Интерфейс»): сейчас там должен быть {notifyUrl}, и он должен открываться из интернета."));
            Assert.That(status.GetProperty("interkassa").GetString(), Is.EqualTo("Счёт в Интеркассе: оплачен."));
            Assert.That(Step(status, "FormAccepted"), Is.EqualTo("Done"));
            Assert.That(Step(status, "NotificationReceived"), Is.EqualTo("Failed"));
            Assert.That(listsBefore, Is.GreaterThan(0), "the assistant asked Interkassa's API");
            Assert.That(listsDuringPolls, Is.Zero, "three more polls within seconds reuse Interkassa's last answer");
        });
    }

    [Test]
    public async Task The_assistant_is_for_admins_only_and_its_start_needs_the_antiforgery_token()
    {
        using var anonymous = _shop.CreateBrowser();
        using var page = await anonymous.GetAsync(new Uri(Page, UriKind.Relative));
        using var status = await anonymous.GetAsync(new Uri(Page + "?handler=Status&order=" + Guid.NewGuid(), UriKind.Relative));
        using var forged = await _admin.PostAsync(new Uri(Page + "?handler=Start", UriKind.Relative),
            new FormUrlEncodedContent([new("testGuid", Guid.NewGuid().ToString())]));

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page.Headers.Location!.AbsolutePath, Is.EqualTo("/login"));
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no order without the page's token");
        });
    }

    /// <summary>The signed fields of the last test order's hand-off form (<see cref="StartAndPayAsync"/>).</summary>
    private Dictionary<string, string> _handoffFields = [];

    /// <summary>Presses «Создать тестовый заказ…», follows the hand-off to the sandbox and presses «Оплатить» with the faults.</summary>
    private async Task<(Guid Guid, Order Order)> StartAndPayAsync(params (string Name, string Value)[] faults)
    {
        var page = await ShopPage.GetAsync(_admin, Page);
        var start = page.QuerySelector<IHtmlFormElement>("form#ik-start")!;
        var guid = Guid.Parse(start.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "testGuid").Value);
        using var handoff = await ShopPage.SubmitAsync(_admin, start);
        Assert.That(handoff.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the hand-off page");
        var form = (await ShopPage.ParseHtmlAsync(handoff)).QuerySelector<IHtmlFormElement>("form#payment-handoff")!;
        Assert.That(form.GetAttribute("action"), Is.EqualTo(new Uri(_shop.BaseAddress, "/sandbox/interkassa/").ToString()));
        _handoffFields = form.Elements.OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);

        using var paymentPage = await ShopPage.SubmitAsync(_admin, form);
        var payForm = (await ShopPage.ParseHtmlAsync(paymentPage)).QuerySelector<IHtmlFormElement>("form")!;
        var values = new Dictionary<string, string> { ["choice"] = "success" };
        foreach (var (name, value) in faults)
            values[name] = value;
        using var back = await ShopPage.SubmitAsync(_admin, payForm, values);
        Assert.That(back.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther), "the sandbox sends the payer back");

        var order = await _shop.WithScopeAsync(services => services.GetRequiredService<IOrderService>().GetOrderByGuidAsync(guid));
        Assert.That(order, Is.Not.Null, "the test order was placed with the page's guid");
        return (guid, order!);
    }

    /// <summary>Polls the status endpoint, as the page's script does, until the outcome comes (or the deadline passes).</summary>
    private async Task<JsonElement> StatusUntilAsync(Guid guid, string outcome)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < Deadline)
        {
            using var response = await _admin.GetAsync(new Uri($"{Page}?handler=Status&order={guid}", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (last.GetProperty("outcome").GetString() == outcome)
                return last;
            await Task.Delay(200);
        }

        Assert.Fail($"No '{outcome}' within {Deadline}; last status: {last}");
        return last;
    }

    private static string? Step(JsonElement status, string name) =>
        status.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("state").GetString();

    private Task SetTestModeAsync(bool on) => _shop.WithScopeAsync(async services =>
    {
        var settings = services.GetRequiredService<ISettingService>();
        var current = await settings.LoadSettingAsync<InterkassaSettings>();
        current.TestMode = on;
        await settings.SaveSettingAsync(current);
    });

    /// <summary>How many times the plugin listed a checkout's invoices through Interkassa's API.</summary>
    private sealed class InvoiceListCalls
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(InvoiceListCalls calls) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/co-invoice", StringComparison.Ordinal))
                calls.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
