using System.Net;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// The Interkassa panel the plugin adds to the store's admin order page (through the store's optional
/// <c>IAdminOrderPanel</c>): the paying invoice and its amounts, the state history linked to the journal, the payment link.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class AdminOrderPanelTests
{
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_paid_order_shows_its_invoice_payway_amounts_and_history_linked_to_the_journal()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var invoiceId = await _store.PaidInvoiceAsync(purchase);
        // Interkassa's notification: the buyer paid 50.00 RUB, 48.50 RUB was credited to the checkout.
        var (status, _) = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: invoiceId)));

        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));
        var journalUrl = "/Admin/PaymentInterkassa/Journal?Order=" + purchase.Order.Id;
        var history = page.QuerySelectorAll("#ik-history li").ToList();
        var order = await _store.ReloadAsync(purchase.Order);
        var journal = await ShopPage.GetAsync(_store.Admin, journalUrl);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the notification was accepted");
            Assert.That(Text(page, "#ik-invoice"), Is.EqualTo(invoiceId));
            Assert.That(Text(page, "#ik-payway"), Is.EqualTo(InterkassaProtocol.TestPayway));
            Assert.That(Text(page, "#ik-buyer-paid"), Is.EqualTo("50,00 RUB"), "ik_ps_price in the admin's culture with the code");
            Assert.That(Text(page, "#ik-credited"), Is.EqualTo("48,50 RUB"), "ik_co_rfn");
            Assert.That(Text(page, "#ik-commission"), Is.EqualTo("1,50 RUB"), "what the buyer paid less what was credited");
            Assert.That(history, Is.Not.Empty, "the applied success is in the history");
            Assert.That(history.First().GetAttribute("data-verdict"), Is.EqualTo("applied"), "newest first: the applied success");
            Assert.That(history.Select(li => li.QuerySelector("a")?.GetAttribute("href")), Is.All.EqualTo(journalUrl), "each row opens the journal filtered by the order");
            Assert.That(page.QuerySelector("#ik-payment-link"), Is.Null, "a paid order needs no payment link");
            Assert.That(order.CaptureTransactionId, Is.EqualTo(invoiceId), "the invoice is the order's transaction id");
            Assert.That(order.AuthorizationTransactionId, Is.EqualTo(invoiceId));
            Assert.That(journal.QuerySelectorAll($"a[href='/Admin/Orders/Details/{purchase.Order.Id}']"), Is.Not.Empty, "the journal links back to the order");
        });
    }

    [Test]
    public async Task A_pending_order_offers_the_payment_link()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));
        var href = page.QuerySelector("#ik-payment-link")?.GetAttribute("href");
        var link = await ShopPage.GetAsync(_store.Admin, href ?? "/missing");

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#ik-not-paid"), Is.Not.Null, "no invoice yet");
            Assert.That(page.QuerySelector("#ik-invoice"), Is.Null);
            Assert.That(href, Is.EqualTo("/Admin/PaymentInterkassa/PaymentLink?orderId=" + purchase.Order.Id));
            Assert.That(link.QuerySelector("#ik-paylink-url")?.GetAttribute("value"), Does.Contain("/" + Plugin.Payments.Interkassa.Operations.PaymentLinkService.PathPrefix + purchase.Order.OrderGuid), "the link page offers the order's link");
        });
    }

    private static string? Text(AngleSharp.Html.Dom.IHtmlDocument page, string selector) => page.QuerySelector(selector)?.TextContent.Trim();
}
