using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Refunds pressed on the store's admin order page: the store calls the plugin through IOrderProcessingService,
/// the plugin calls the sandbox's <c>POST /v1/refund</c>. Orders are paid for real through the sandbox first.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class RefundTests
{
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _store = await InterkassaStore.StartAsync(postgres: false);

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Full_refund_from_the_admin_order_page_refunds_the_invoice_and_marks_the_order_refunded()
    {
        var purchase = await _store.PaidPurchaseAsync();
        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));
        Assert.That(page.QuerySelector("#refund"), Is.Not.Null, "with API credentials the refund button is offered");

        using var refunded = await _store.RefundFromAdminAsync(purchase.Order.Id, page);

        var order = await _store.ReloadAsync(purchase.Order);
        var invoice = (await _store.InvoiceOfAsync(purchase)).GetProperty("invoice");
        var after = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(order.Id));
        Assert.Multiple(async () =>
        {
            Assert.That(refunded.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the store accepted the refund");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m));
            Assert.That(invoice.GetProperty("refunded").GetDecimal(), Is.EqualTo(decimal.Parse(purchase.Amount, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(invoice.GetProperty("apiState").GetInt32(), Is.EqualTo(9), "refunded in full");
            Assert.That(invoice.GetProperty("remaining").GetDecimal(), Is.Zero);
            Assert.That(await _store.NotesAsync(order), Has.Exactly(1).Matches<OrderNote>(n =>
                n.Note.Contains(Operate.RefundNote, StringComparison.Ordinal) && n.Note.Contains("50,00 RUB", StringComparison.Ordinal) && !n.DisplayToCustomer));
            Assert.That(after.QuerySelector("#payment-status")?.GetAttribute("data-status"), Is.EqualTo(nameof(PaymentStatus.Refunded)));
            Assert.That(after.QuerySelector("#refund"), Is.Null, "nothing left to refund");
        });
    }

    [Test]
    public async Task Partial_refund_then_the_rest_adds_up_to_what_was_paid()
    {
        var purchase = await _store.PaidPurchaseAsync();

        using var first = await _store.PartialRefundFromAdminAsync(purchase.Order.Id, "20.00");
        var partly = await _store.ReloadAsync(purchase.Order);
        var invoiceAfterFirst = (await _store.InvoiceOfAsync(purchase)).GetProperty("invoice");

        using var rest = await _store.PartialRefundFromAdminAsync(purchase.Order.Id, "30.00");
        var order = await _store.ReloadAsync(purchase.Order);
        var snapshot = await _store.InvoiceOfAsync(purchase);
        var notes = await _store.NotesAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(partly.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(partly.RefundedAmount, Is.EqualTo(20m));
            Assert.That(invoiceAfterFirst.GetProperty("refunded").GetDecimal(), Is.EqualTo(20m));
            Assert.That(rest.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m));
            Assert.That(snapshot.GetProperty("invoice").GetProperty("refunded").GetDecimal(), Is.EqualTo(50m), "the invoice's refunds equal what was paid");
            Assert.That(snapshot.GetProperty("refunds").EnumerateArray().Select(r => r.GetProperty("amount").GetDecimal()), Is.EqualTo(new[] { 20m, 30m }));
            var refundNotes = notes.Where(n => n.Note.Contains(Operate.RefundNote, StringComparison.Ordinal)).Select(n => n.Note).ToList();
            Assert.That(refundNotes, Has.Count.EqualTo(2));
            Assert.That(refundNotes, Has.Exactly(1).Contains("20,00 RUB"));
            Assert.That(refundNotes, Has.Exactly(1).Contains("30,00 RUB"));
        });
    }

    [Test]
    public async Task The_same_refund_posted_five_times_at_once_reaches_interkassa_once()
    {
        var purchase = await _store.PaidPurchaseAsync();
        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));

        // Five clicks on the same page's button: the same form, the same antiforgery token, in parallel.
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _store.RefundFromAdminAsync(purchase.Order.Id, page)));
        foreach (var response in responses)
            response.Dispose();

        var order = await _store.ReloadAsync(purchase.Order);
        var snapshot = await _store.InvoiceOfAsync(purchase);
        var rows = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Refunds.AsNoTracking()
            .Where(r => r.OrderId == order.Id).ToListAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Redirect), Is.GreaterThanOrEqualTo(1), "one click did the refund");
            Assert.That(snapshot.GetProperty("refunds").GetArrayLength(), Is.EqualTo(1), "exactly one refund reached Interkassa");
            Assert.That(snapshot.GetProperty("invoice").GetProperty("refunded").GetDecimal(), Is.EqualTo(50m));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m), "the store recorded the refund once");
            Assert.That(rows, Has.Count.EqualTo(1).And.All.Matches<RefundRecord>(r => r.Status == RefundStatuses.Succeeded));
            Assert.That((await _store.NotesAsync(order)).Count(n => n.Note.Contains(Operate.RefundNote, StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Api_error_on_refund_shows_a_readable_message_and_leaves_the_order_as_it_was_and_a_retry_refunds_once()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.ArmApiFaultAsync(calls: 1, status: 503, pathContains: "refund");

        using var refused = await _store.RefundFromAdminAsync(purchase.Order.Id);
        var page = await ShopPage.ParseHtmlAsync(refused);
        var order = await _store.ReloadAsync(purchase.Order);
        var invoiceAfterError = (await _store.InvoiceOfAsync(purchase)).GetProperty("invoice");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page is shown again with the error");
            Assert.That(ShopPage.Text(page, "#action-error"), Does.Contain("Интеркасса").And.Contain("заказ не изменён"));
            Assert.That(ShopPage.Text(page, "#action-error"), Does.Not.Contain("Exception").And.Not.Contain(" at "));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(order.RefundedAmount, Is.Zero);
            Assert.That(invoiceAfterError.GetProperty("refunded").GetDecimal(), Is.Zero);
            Assert.That(page.QuerySelector("#refund"), Is.Not.Null, "the refund can be asked again");
        });

        using var retried = await _store.RefundFromAdminAsync(purchase.Order.Id);
        var snapshot = await _store.InvoiceOfAsync(purchase);
        Assert.Multiple(async () =>
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await _store.ReloadAsync(order)).PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(snapshot.GetProperty("refunds").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Api_error_reading_the_invoice_before_a_refund_is_shown_and_nothing_is_sent()
    {
        var purchase = await _store.PaidPurchaseAsync();
        // Reads are retried by the client: fail the first try and every retry.
        await _store.ArmApiFaultAsync(calls: InterkassaApiClientRegistration.MaxRetries + 1, status: 503, pathContains: "co-invoice");

        using var refused = await _store.PartialRefundFromAdminAsync(purchase.Order.Id, "10.00");
        var page = await ShopPage.ParseHtmlAsync(refused);
        var order = await _store.ReloadAsync(purchase.Order);
        var snapshot = await _store.InvoiceOfAsync(purchase);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, ".field-error[data-field=amount]"), Does.Contain("заказ не изменён"));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(order.RefundedAmount, Is.Zero);
            Assert.That(snapshot.GetProperty("refunds").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Without_api_credentials_the_admin_page_offers_no_plugin_refund_and_says_why() =>
        await _store.WithSettingsAsync(s => s.ApiUserId = "", async () =>
        {
            var purchase = await _store.PaidPurchaseAsync();

            var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));

            Assert.Multiple(() =>
            {
                Assert.That(page.QuerySelector("#refund"), Is.Null, "no refund through Interkassa");
                Assert.That(page.QuerySelector("#refund-offline"), Is.Not.Null, "an offline refund is still possible");
                Assert.That(ShopPage.Text(page, "#refund-unavailable"), Does.Contain("не заданы данные доступа к API"), "the page says why, in the plugin's words");
                Assert.That(page.QuerySelector("#payment-actions input[name=offline][type=checkbox]")?.HasAttribute("disabled"), Is.True,
                    "a partial refund can only be offline");
            });
        });
}
