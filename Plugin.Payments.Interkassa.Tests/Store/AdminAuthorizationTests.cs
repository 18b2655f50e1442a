using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Services.Customers;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>/Admin: anonymous visitors go to the login page, customers get 403, admins get in; forms need the antiforgery token.</summary>
[Category(TestCategories.Database)]
public sealed class AdminAuthorizationTests
{
    private ShopFactory _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay) });
        await PaymentPluginFlowTests.InstallAsync(_shop);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _shop.DisposeAsync();

    [TestCase("/Admin")]
    [TestCase("/Admin/Orders")]
    [TestCase("/Admin/Plugins")]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string path)
    {
        using var anonymous = _shop.CreateBrowser();
        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Does.Contain("/login?ReturnUrl=" + Uri.EscapeDataString(path)));
        });
    }

    [Test]
    public async Task A_signed_in_customer_gets_the_403_page()
    {
        await _shop.WithScopeAsync(services =>
            services.GetRequiredService<CustomerAccountService>().CreateRegisteredAsync("customer@example.com", "Покупатель", "Customer-Password-1"));
        using var customer = _shop.CreateBrowser();
        await ShopFactory.LoginAsync(customer, "customer@example.com", "Customer-Password-1");

        using var response = await customer.GetAsync(new Uri("/Admin/Orders", UriKind.Relative));
        var page = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(ShopPage.Text(page, "#error-title"), Is.EqualTo("Доступ запрещён"));
        });
    }

    [Test]
    public async Task An_admin_gets_in_and_so_do_admin_pages_of_plugins_with_the_admin_policy()
    {
        using var admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(admin);
        using var anonymous = _shop.CreateBrowser();

        using var dashboard = await admin.GetAsync(new Uri("/Admin", UriKind.Relative));
        using var pluginPage = await admin.GetAsync(new Uri("/Admin/testpay/configure", UriKind.Relative));
        using var pluginPageAnonymous = await anonymous.GetAsync(new Uri("/Admin/testpay/configure", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pluginPage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pluginPageAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    [Test]
    public async Task Signing_in_without_a_return_address_takes_an_admin_to_the_admin_and_a_buyer_to_the_storefront()
    {
        await _shop.WithScopeAsync(services =>
            services.GetRequiredService<CustomerAccountService>().CreateRegisteredAsync("buyer-landing@example.com", "Покупатель", "Customer-Password-2"));

        var admin = await SignInAsync(ShopFactory.AdminEmail, ShopFactory.DefaultAdminPassword, "/login");
        var buyer = await SignInAsync("buyer-landing@example.com", "Customer-Password-2", "/login");
        var adminBackToCart = await SignInAsync(ShopFactory.AdminEmail, ShopFactory.DefaultAdminPassword, "/login?returnUrl=%2Fcart");
        var adminElsewhere = await SignInAsync(ShopFactory.AdminEmail, ShopFactory.DefaultAdminPassword, "/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Multiple(() =>
        {
            Assert.That(admin, Is.EqualTo("/Admin"), "an admin lands in the admin panel");
            Assert.That(buyer, Is.EqualTo("/"), "a buyer stays on the storefront");
            Assert.That(adminBackToCart, Is.EqualTo("/cart"), "a return address still wins");
            Assert.That(adminElsewhere, Is.EqualTo("/Admin"), "a foreign return address is ignored");
        });
    }

    /// <summary>Signs in through the login page opened at <paramref name="loginPath"/>; returns where the store sends the visitor.</summary>
    private async Task<string?> SignInAsync(string email, string password, string loginPath)
    {
        using var browser = _shop.CreateBrowser();
        var page = await ShopPage.GetAsync(browser, loginPath);
        using var response = await ShopPage.SubmitAsync(browser, page, "form", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in as " + email);
        return response.Headers.Location?.ToString();
    }

    [Test]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        using var browser = _shop.CreateBrowser();
        var page = await ShopPage.GetAsync(browser, "/login");
        using var response = await ShopPage.SubmitAsync(browser, page, "form",
            new Dictionary<string, string> { ["email"] = ShopFactory.AdminEmail, ["password"] = "wrong" });
        var result = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(result, ".notice.error"), Is.EqualTo("Неверная почта или пароль."));
        });
    }

    [TestCase("/Admin/Plugins?handler=Install")]
    [TestCase("/Admin/Currencies")]
    [TestCase("/checkout")]
    public async Task A_post_without_the_antiforgery_token_is_a_400(string path)
    {
        using var admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(admin);

        using var content = new FormUrlEncodedContent([new("systemName", TestPlugins.TestPaySystemName)]);
        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_plugin_controller_post_without_antiforgery_is_a_400_unless_it_opts_out()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);

        using var empty = new FormUrlEncodedContent([]);
        using var notify = await _shop.CreateBrowser().PostAsync(new Uri($"/testpay/notify?order={order.OrderGuid}", UriKind.Relative), empty);

        Assert.Multiple(async () =>
        {
            Assert.That(notify.StatusCode, Is.EqualTo(HttpStatusCode.OK), "[IgnoreAntiforgeryToken] webhooks work");
            Assert.That(await notify.Content.ReadAsStringAsync(), Is.EqualTo("Paid"));
        });
    }
}
