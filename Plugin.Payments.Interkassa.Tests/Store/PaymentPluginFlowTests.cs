using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Settings;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>
/// A payment plugin dropped into the store, end to end over HTTP: install → configure link → checkout →
/// post-process hand-off → mark paid in the admin → the buyer's order page.
/// </summary>
[Category(TestCategories.Database)]
public sealed class PaymentPluginFlowTests
{
    private const string Method = TestPlugins.TestPaySystemName;

    [TestCase(false, TestName = "Install, configure, checkout, redirect, mark paid and order pages on SQLite")]
    [TestCase(true, TestName = "Install, configure, checkout, redirect, mark paid and order pages on PostgreSQL")]
    public async Task Install_configure_checkout_redirect_mark_paid_and_order_pages(bool postgres)
    {
        var placed = new EventCounter<OrderPlacedEvent>();
        var paid = new EventCounter<OrderPaidEvent>();
        await using var shop = await StartWithTestPayAsync(services =>
        {
            services.AddSingleton<IConsumer<OrderPlacedEvent>>(placed);
            services.AddSingleton<IConsumer<OrderPaidEvent>>(paid);
        }, postgres);
        using var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);

        // Install from the plugin list; the row then links to the plugin's configure page.
        await StoreDriver.InstallPluginAsync(admin, Method);
        var plugins = await ShopPage.GetAsync(admin, "/Admin/Plugins");
        var row = plugins.QuerySelector($"tr[data-system-name='{Method}']")!;
        var configureUrl = row.QuerySelector("a.configure-link")?.GetAttribute("href");
        Assert.Multiple(() =>
        {
            Assert.That(row.QuerySelector(".plugin-installed"), Is.Not.Null);
            Assert.That(configureUrl, Is.EqualTo("/Admin/testpay/configure"));
        });
        var configure = await ShopPage.GetAsync(admin, configureUrl!);
        var methods = await ShopPage.GetAsync(admin, "/Admin/PaymentMethods");
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(configure, "#configure"), Is.EqualTo("Test Pay settings"));
            Assert.That(methods.QuerySelector($"tr[data-system-name='{Method}'] .method-active"), Is.Not.Null, "installing a payment plugin activates it");
            Assert.That(ShopPage.Text(methods, $"tr[data-system-name='{Method}'] a.configure-link"), Is.EqualTo("Настроить"));
        });

        // The buyer sees the method with its name, description, fee and logo, then the totals.
        using var buyer = shop.CreateBrowser();
        await StoreDriver.AddToCartAsync(buyer);
        using (var contact = await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU"))
            Assert.That(contact.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var payment = await ShopPage.GetAsync(buyer, "/checkout/payment");
        var option = payment.QuerySelector($"label.method[data-method='{Method}']")!;
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(option, ".method-name"), Is.EqualTo("Test Pay"));
            Assert.That(ShopPage.Text(option, ".method-description"), Is.EqualTo("Pay with Test Pay (a test method)"));
            Assert.That(ShopPage.Text(option, ".method-fee"), Is.EqualTo("Комиссия 5,00 ₽"));
            Assert.That(option.QuerySelector("img")?.GetAttribute("src"), Is.EqualTo($"/Plugins/{Method}/logo.png"));
        });
        using (var logo = await buyer.GetAsync(new Uri($"/Plugins/{Method}/logo.png", UriKind.Relative)))
            Assert.That(logo.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));

        var confirm = await StoreDriver.ChoosePaymentMethodAsync(buyer, Method);
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(confirm, "#confirm-subtotal"), Is.EqualTo("50,00 ₽"));
            Assert.That(ShopPage.Text(confirm, "#confirm-fee"), Is.EqualTo("5,00 ₽"));
            Assert.That(ShopPage.Text(confirm, "#confirm-total"), Is.EqualTo("55,00 ₽"));
        });

        // Placing the order saves it and hands the buyer to the plugin's gateway with a redirect.
        using var handoff = await StoreDriver.PlaceOrderAsync(buyer, confirm);
        Assert.That(handoff.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var gatewayUrl = handoff.Headers.Location!;
        var orderGuid = StoreDriver.OrderGuidFrom(gatewayUrl);
        Assert.That(gatewayUrl.GetLeftPart(UriPartial.Path), Is.EqualTo(new Uri(shop.BaseAddress, "testpay/gateway").ToString()));
        var gateway = await ShopPage.FollowAsync(buyer, handoff);
        Assert.That(ShopPage.Text(gateway, "#order"), Is.EqualTo(orderGuid.ToString()));

        var stored = await shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            return (Order: await db.Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.OrderGuid == orderGuid),
                    CartLines: await db.ShoppingCartItems.CountAsync(),
                    Russian: await db.Languages.Where(l => l.LanguageCulture == "ru-RU").Select(l => l.Id).SingleAsync());
        });
        Assert.Multiple(() =>
        {
            Assert.That(stored.Order.OrderSubtotal, Is.EqualTo(50m));
            Assert.That(stored.Order.PaymentMethodAdditionalFee, Is.EqualTo(5m));
            Assert.That(stored.Order.OrderTotal, Is.EqualTo(55m));
            Assert.That(stored.Order.CustomOrderNumber, Is.EqualTo(stored.Order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(stored.Order.CustomerCurrencyCode, Is.EqualTo("RUB"));
            Assert.That(stored.Order.CurrencyRate, Is.EqualTo(1m));
            Assert.That(stored.Order.CustomerLanguageId, Is.EqualTo(stored.Russian));
            Assert.That(stored.Order.CustomerEmail, Is.EqualTo("buyer@example.com"));
            Assert.That(stored.Order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(stored.Order.Items.Single().ProductName, Is.EqualTo("Тестовый товар"));
            Assert.That(stored.CartLines, Is.Zero, "the cart is emptied with the order");
            Assert.That(placed.Count, Is.EqualTo(1));
        });

        // The buyer's page: pending, with "pay again".
        var orderPage = await ShopPage.GetAsync(buyer, $"/order/{orderGuid}");
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(orderPage, "#payment-status"), Is.EqualTo("Ожидает оплаты"));
            Assert.That(ShopPage.Text(orderPage, "#order-total"), Is.EqualTo("55,00 ₽"));
            Assert.That(ShopPage.Text(orderPage, "#pay-again"), Is.EqualTo("Оплатить снова"));
        });
        using (var again = await ShopPage.SubmitAsync(buyer, orderPage, "form:has(#pay-again)"))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(StoreDriver.OrderGuidFrom(again.Headers.Location!), Is.EqualTo(orderGuid));
        }

        // The admin sees it pending, marks it paid, and both sides then show Paid.
        var list = await ShopPage.GetAsync(admin, "/Admin/Orders");
        Assert.That(ShopPage.Text(list, $"tr[data-order-id='{stored.Order.Id}'] .payment-status"), Is.EqualTo("Ожидает оплаты"));
        var details = await ShopPage.GetAsync(admin, $"/Admin/Orders/Details/{stored.Order.Id}");
        using (var markPaid = await ShopPage.SubmitAsync(admin, details, "form:has(#mark-paid)"))
            Assert.That(markPaid.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        details = await ShopPage.GetAsync(admin, $"/Admin/Orders/Details/{stored.Order.Id}");
        orderPage = await ShopPage.GetAsync(buyer, $"/order/{orderGuid}");
        var paidList = await ShopPage.GetAsync(admin, "/Admin/Orders?status=Paid");
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(details, "#payment-status"), Is.EqualTo("Оплачен"));
            Assert.That(details.QuerySelector("#mark-paid"), Is.Null);
            Assert.That(details.QuerySelectorAll("#admin-notes .note").Select(n => n.TextContent), Has.Some.Contains("Заказ отмечен как оплаченный."));
            Assert.That(ShopPage.Text(orderPage, "#payment-status"), Is.EqualTo("Оплачен"));
            Assert.That(orderPage.QuerySelector("#pay-again"), Is.Null);
            Assert.That(paidList.QuerySelectorAll("tr[data-order-id]").Select(r => r.GetAttribute("data-order-id")), Is.EqualTo(new[] { stored.Order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            Assert.That(paid.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_form_hand_off_renders_every_field_encoded_with_a_visible_button_and_no_inline_script()
    {
        await using var shop = await StartWithTestPayAsync();
        await InstallAsync(shop);
        await shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SetSettingAsync("testpaysettings.useform", "True"));

        using var buyer = shop.CreateBrowser();
        using var response = await StoreDriver.CheckoutAsync(buyer, Method);
        var page = await ShopPage.ParseHtmlAsync(response);
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form#payment-handoff")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(form.Method, Is.EqualTo("post"));
            Assert.That(form.GetAttribute("action"), Is.EqualTo(new Uri(shop.BaseAddress, "testpay/gateway").ToString()));
            Assert.That(fields["amount"], Is.EqualTo("55.00"));
            Assert.That(fields["note"], Is.EqualTo("<script>alert(\"x\")</script> & \"quotes\""));
            Assert.That(ShopPage.Text(form, "button"), Is.EqualTo("Перейти к оплате"));
            Assert.That(page.QuerySelectorAll("script").Select(s => s.GetAttribute("src")), Has.All.StartsWith("/js/handoff.js"));
            Assert.That(page.QuerySelectorAll("script").Select(s => s.TextContent.Trim()), Has.All.Empty);
        });
    }

    [Test]
    public async Task A_plugin_failing_in_post_process_keeps_the_order_and_explains_on_the_order_page()
    {
        await using var shop = await StartWithTestPayAsync();
        await InstallAsync(shop);
        await shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SetSettingAsync("testpaysettings.failpostprocess", "True"));

        using var buyer = shop.CreateBrowser();
        using var response = await StoreDriver.CheckoutAsync(buyer, Method);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var orderGuid = StoreDriver.OrderGuidFrom(response.Headers.Location!);
        var page = await ShopPage.FollowAsync(buyer, response);
        var saved = await shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Orders.AnyAsync(o => o.OrderGuid == orderGuid));

        Assert.Multiple(() =>
        {
            Assert.That(saved, Is.True);
            Assert.That(page.QuerySelector("#handoff-failed"), Is.Not.Null);
            Assert.That(ShopPage.Text(page, "#payment-status"), Is.EqualTo("Ожидает оплаты"));
        });
    }

    [Test]
    public async Task Uninstalling_hides_the_method_and_its_pages_answer_404_without_a_restart()
    {
        await using var shop = await StartWithTestPayAsync();
        using var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);
        using (var before = await admin.GetAsync(new Uri("/Admin/testpay/configure", UriKind.Relative)))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not installed yet");

        using (var before = await admin.GetAsync(new Uri("/testpay/ping", UriKind.Relative)))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a route provider's endpoint, not installed yet");

        await StoreDriver.InstallPluginAsync(admin, Method);
        using (var installed = await admin.GetAsync(new Uri("/Admin/testpay/configure", UriKind.Relative)))
            Assert.That(installed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var ping = await admin.GetAsync(new Uri("/testpay/ping", UriKind.Relative)))
            Assert.That(await ping.Content.ReadAsStringAsync(), Is.EqualTo("pong"), "mapped by the plugin's IRouteProvider");

        using (var uninstall = await AdminConfirmations.UninstallAsync(admin, Method))
            Assert.That(uninstall.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using var configure = await admin.GetAsync(new Uri("/Admin/testpay/configure", UriKind.Relative));
        using var gateway = await admin.GetAsync(new Uri("/testpay/gateway", UriKind.Relative));
        using var pingAfter = await admin.GetAsync(new Uri("/testpay/ping", UriKind.Relative));
        using var buyer = shop.CreateBrowser();
        await StoreDriver.AddToCartAsync(buyer);
        using (await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU"))
        {
        }
        var payment = await ShopPage.GetAsync(buyer, "/checkout/payment");
        var leftovers = await shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Settings.CountAsync(s => s.Name.StartsWith("testpaysettings.")));

        Assert.Multiple(() =>
        {
            Assert.That(configure.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(gateway.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(pingAfter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(payment.QuerySelectorAll("label.method"), Is.Empty);
            Assert.That(payment.QuerySelector(".notice.warn"), Is.Not.Null);
            Assert.That(leftovers, Is.Zero);
        });
    }

    [Test]
    public async Task A_plugin_adds_its_own_health_check_and_event_consumer()
    {
        await using var shop = await StartWithTestPayAsync();
        using var health = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var json = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        var consumers = await shop.WithScopeAsync(services =>
            Task.FromResult(services.GetServices<IConsumer<OrderPlacedEvent>>().Select(c => c.GetType().FullName).ToList()));

        Assert.Multiple(() =>
        {
            Assert.That(checks, Is.EquivalentTo(new[] { "database", "testpay" }));
            Assert.That(consumers, Has.Some.EqualTo("Plugin.Payments_TestPay.PlacedOrderCounter"));
        });
    }

    [Test]
    public async Task Refunds_go_through_the_plugin_partially_then_fully()
    {
        await using var shop = await StartWithTestPayAsync();
        await InstallAsync(shop);
        using var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);
        var order = await TestOrders.CreatePendingAsync(shop);
        var path = $"/Admin/Orders/Details/{order.Id}";

        using (await ShopPage.SubmitAsync(admin, await ShopPage.GetAsync(admin, path), "form:has(#mark-paid)"))
        {
        }
        using (var tooMuch = await AdminConfirmations.SubmitAndConfirmAsync(admin, await ShopPage.GetAsync(admin, path), "form:has(#partial-refund)",
                   new Dictionary<string, string> { ["amount"] = "80" }))
        {
            var page = await ShopPage.ParseHtmlAsync(tooMuch);
            Assert.That(ShopPage.Text(page, "span[data-field=amount]"), Does.StartWith("Сумма больше остатка к возврату"));
        }
        using (var partial = await AdminConfirmations.SubmitAndConfirmAsync(admin, await ShopPage.GetAsync(admin, path), "form:has(#partial-refund)",
                   new Dictionary<string, string> { ["amount"] = "20,5" }))
        {
            Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        var afterPartial = await TestOrders.ReloadAsync(shop, order.Id);
        var detailsAfterPartial = await ShopPage.GetAsync(admin, path);
        using (await AdminConfirmations.SubmitAndConfirmAsync(admin, detailsAfterPartial, "form:has(#partial-refund)", new Dictionary<string, string> { ["amount"] = "29.50" }))
        {
        }
        var afterFull = await TestOrders.ReloadAsync(shop, order.Id);

        Assert.Multiple(() =>
        {
            Assert.That(afterPartial.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(afterPartial.RefundedAmount, Is.EqualTo(20.5m));
            Assert.That(detailsAfterPartial.QuerySelector("#refund"), Is.Null, "a full refund is not offered after a partial one");
            Assert.That(ShopPage.Text(detailsAfterPartial, "#refund-unavailable"), Does.Contain("часть уже возвращена"));
            Assert.That(afterFull.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(afterFull.RefundedAmount, Is.EqualTo(50m));
        });
    }

    internal static Task<ShopFactory> StartWithTestPayAsync(Action<IServiceCollection>? configureServices = null, bool postgres = false)
    {
        var options = new ShopFactoryOptions
        {
            SetUpPlugins = plugins => TestPlugins.WriteFolder(plugins, TestPluginKind.TestPay),
            ConfigureServices = configureServices,
        };
        return postgres ? ShopFactory.StartOnPostgresAsync(options) : ShopFactory.StartAsync(options);
    }

    internal static async Task InstallAsync(ShopFactory shop)
    {
        using var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);
        await StoreDriver.InstallPluginAsync(admin, Method);
    }
}
