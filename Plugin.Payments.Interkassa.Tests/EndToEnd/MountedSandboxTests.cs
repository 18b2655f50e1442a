using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Web.Infrastructure;
using Shop.Web.Services.Customers;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// The sandbox a demo store mounts at /sandbox/interkassa is reachable by anyone who reaches the store, so it is fenced
/// in: test payway only, admin-only test hooks, notifications only to the store's own notification URL, and the buyer
/// sent back only to the store. Each test is an attack that worked before the fence.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class MountedSandboxTests
{
    private const string Sandbox = DemoSandbox.PathPrefix;

    private ShopFactory _shop = null!;
    private HttpClient _admin = null!;
    private DemoKeys _keys = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        _admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(_admin);
        _keys = await _shop.WithScopeAsync(services => services.GetRequiredService<DemoKeyStore>().LoadOrCreateAsync());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _shop.DisposeAsync();
    }

    [Test]
    public async Task Sandbox_hooks_refuse_anonymous_callers()
    {
        using var anonymous = _shop.CreateBrowser();
        await _shop.WithScopeAsync(services =>
            services.GetRequiredService<CustomerAccountService>().CreateRegisteredAsync("hooks-customer@example.com", "Покупатель", "Customer-Password-1"));
        using var customer = _shop.CreateBrowser();
        await ShopFactory.LoginAsync(customer, "hooks-customer@example.com", "Customer-Password-1");

        using var list = await anonymous.GetAsync(new Uri(Sandbox + "/_sandbox/invoices", UriKind.Relative));
        using var arm = await anonymous.PostAsJsonAsync(new Uri(Sandbox + "/_sandbox/faults/api", UriKind.Relative),
            new { failNextCalls = 5, status = 503 });
        using var resend = await anonymous.PostAsync(new Uri(Sandbox + "/_sandbox/invoices/1/resend", UriKind.Relative),
            new FormUrlEncodedContent([new("state", "success")]));
        using var asCustomer = await customer.GetAsync(new Uri(Sandbox + "/_sandbox/invoices", UriKind.Relative));
        using var asAdmin = await _admin.GetAsync(new Uri(Sandbox + "/_sandbox/faults/api", UriKind.Relative));
        using var fault = JsonDocument.Parse(await asAdmin.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            foreach (var refused in new[] { list, arm, resend })
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), refused.RequestMessage!.RequestUri!.ToString());
                Assert.That(refused.Headers.Location!.AbsolutePath, Is.EqualTo("/login"), "sent to sign in");
            }

            Assert.That(asCustomer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(asAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an admin may look inside the sandbox");
            Assert.That(fault.RootElement.GetProperty("failNextCalls").GetInt32(), Is.Zero, "the anonymous caller armed no fault");
        });
    }

    [Test]
    public async Task The_mounted_sandbox_has_no_live_switch()
    {
        using var buyer = _shop.CreateBrowser();
        var (order, fields) = await CheckoutAsync(buyer);
        var paymentPage = await StartPaymentAsync(buyer, fields);
        var payForm = paymentPage.QuerySelector<IHtmlFormElement>("form")!;

        using var live = await ShopPage.SubmitAsync(buyer, payForm, new Dictionary<string, string> { ["choice"] = "success", ["live"] = "true" });
        var invoices = await InvoicesAsync(Field(fields, "ik_pm_no"));
        var status = (await TestOrders.ReloadAsync(_shop, order.Id)).PaymentStatus;

        Assert.Multiple(() =>
        {
            Assert.That(paymentPage.QuerySelector("input[name='live']"), Is.Null, "the payment page offers no live payway");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(invoices.GetArrayLength(), Is.Zero, "no invoice, so no notification");
            Assert.That(status, Is.EqualTo(PaymentStatus.Pending));
        });
    }

    [Test]
    public async Task The_mounted_sandbox_posts_only_to_the_stores_own_notification_url()
    {
        await using var elsewhere = await FakeShop.StartAsync();
        var endpoint = elsewhere.NewEndpoint();
        using var buyer = _shop.CreateBrowser();
        var (order, fields) = await CheckoutAsync(buyer);

        var redirected = Resigned(fields, "ik_ia_u", endpoint.Url.ToString());
        var paymentPage = await StartPaymentAsync(buyer, redirected);
        using var back = await ShopPage.SubmitAsync(buyer, paymentPage.QuerySelector<IHtmlFormElement>("form")!,
            new Dictionary<string, string> { ["choice"] = "success", ["duplicates"] = "3" });
        var invoice = (await InvoicesAsync(Field(fields, "ik_pm_no")))[0];
        var urls = invoice.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("url").GetString()).Distinct().ToList();
        var status = (await TestOrders.ReloadAsync(_shop, order.Id)).PaymentStatus;

        Assert.Multiple(() =>
        {
            Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), "the buyer is sent back to the store");
            Assert.That(endpoint.Received, Is.Empty, "nothing reached the URL the request named");
            Assert.That(urls, Is.EqualTo(new[] { new Uri(_shop.BaseAddress, "/" + InterkassaDefaults.NotifyPath).ToString() }));
            Assert.That(status, Is.EqualTo(PaymentStatus.Paid), "the store's own notification URL got the notification");
        });
    }

    [TestCase("success", "ik_suc_u")]
    [TestCase("fail", "ik_fal_u")]
    [TestCase("pending", "ik_pnd_u")]
    public async Task The_mounted_sandbox_redirects_only_to_the_store(string choice, string returnField)
    {
        const string Phishing = "https://shop.example.net/login?from=interkassa";
        using var buyer = _shop.CreateBrowser();
        var (_, fields) = await CheckoutAsync(buyer);

        foreach (var method in new[] { "get", "post" })
        {
            using var otherBuyer = _shop.CreateBrowser();
            var redirected = Resigned(Replace(fields, returnField.Replace("_u", "_m", StringComparison.Ordinal), method), returnField, Phishing);
            // Each attempt needs a payment number the sandbox has not seen paid.
            redirected = Resigned(redirected, "ik_pm_no", Field(fields, "ik_pm_no") + "-" + method);
            var paymentPage = await StartPaymentAsync(otherBuyer, redirected);
            using var back = await ShopPage.SubmitAsync(otherBuyer, paymentPage.QuerySelector<IHtmlFormElement>("form")!,
                new Dictionary<string, string> { ["choice"] = choice });
            var page = await ShopPage.ParseHtmlAsync(back);

            Assert.Multiple(() =>
            {
                Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK), method);
                Assert.That(back.Headers.Location, Is.Null, method);
                Assert.That(page.QuerySelector("form#return"), Is.Null, $"{method}: no self-submitting form to another site");
                Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain("shop.example.net"), method);
                Assert.That(page.QuerySelector("#invoice-id"), Is.Not.Null, $"{method}: the sandbox's own result page instead");
            });
        }
    }

    [Test]
    public async Task In_demo_mode_the_configure_page_still_saves_the_sandbox_paths()
    {
        var page = await ShopPage.GetAsync(_admin, InterkassaDefaults.ConfigurePath);
        using var saved = await ShopPage.SubmitAsync(_admin, page, "form.ik-form");

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector<IHtmlInputElement>("#f-SciUrl")?.Value, Is.EqualTo(Sandbox + "/"));
            Assert.That(page.QuerySelector<IHtmlInputElement>("#f-ApiUrl")?.Value, Is.EqualTo(Sandbox + "/v1/"));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "saved without an error");
        });
    }

    /// <summary>Checks out "Тестовый товар" with Interkassa; returns the order and the signed fields the store handed over.</summary>
    private async Task<(Order Order, List<KeyValuePair<string, string>> Fields)> CheckoutAsync(HttpClient buyer)
    {
        using var handoff = await StoreDriver.CheckoutAsync(buyer, InterkassaDefaults.SystemName);
        var form = (await ShopPage.ParseHtmlAsync(handoff)).QuerySelector<IHtmlFormElement>("form#payment-handoff")
            ?? throw new InvalidOperationException("The hand-off page has no form.");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var guid = Guid.Parse(Field(fields, "ik_x_" + InterkassaDefaults.OrderGuidField));
        var order = await _shop.WithScopeAsync(async services =>
            (await services.GetRequiredService<Shop.Abstractions.Orders.IOrderService>().GetOrderByGuidAsync(guid))!);
        return (order, fields);
    }

    /// <summary>The buyer posts the SCI form to the mounted sandbox; returns the payment page.</summary>
    private static async Task<IHtmlDocument> StartPaymentAsync(HttpClient buyer, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await buyer.PostAsync(new Uri(Sandbox + "/", UriKind.Relative), content);
        var page = await ShopPage.ParseHtmlAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => page.Body?.TextContent ?? "");
        return page;
    }

    private async Task<JsonElement> InvoicesAsync(string paymentNo)
    {
        using var response = await _admin.GetAsync(new Uri($"{Sandbox}/_sandbox/invoices?paymentNo={Uri.EscapeDataString(paymentNo)}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static string Field(IEnumerable<KeyValuePair<string, string>> fields, string name) => fields.First(f => f.Key == name).Value;

    private static List<KeyValuePair<string, string>> Replace(IEnumerable<KeyValuePair<string, string>> fields, string name, string value) =>
        [.. fields.Where(f => f.Key != name), new(name, value)];

    /// <summary>
    /// The fields with one value replaced and signed again with this database's secret key: what someone holding the
    /// keys could send. The sandbox must still not follow the changed URL.
    /// </summary>
    private List<KeyValuePair<string, string>> Resigned(IEnumerable<KeyValuePair<string, string>> fields, string name, string value)
    {
        var changed = Replace(fields, name, value).Where(f => f.Key != InterkassaProtocol.SignField).ToList();
        changed.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(changed, _keys.SecretKey, SignatureAlgorithm.Md5)));
        return changed;
    }
}
