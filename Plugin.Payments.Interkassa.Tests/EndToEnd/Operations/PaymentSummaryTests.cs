using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// The realised commission as data: what the buyer paid (<c>ik_ps_price</c>), what was credited (<c>ik_co_rfn</c>) and
/// the payway stored with each applied payment — from a notification and from reconciliation — shown on the admin
/// order panel and summed by state and payway, per day, on the journal page. The sandbox delivers each notification
/// once, so a dropped one is found only by reconciliation.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class PaymentSummaryTests(string database)
{
    private const string JournalPath = "/Admin/PaymentInterkassa/Journal";
    private const string Visa = "visa_cpaytrz_merchant_rub";

    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks },
            sandboxSettings: Operate.SingleDelivery);
        await _store.Shop.ReconcileYoungOrdersAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_paid_notification_stores_what_the_buyer_paid_and_what_was_credited_and_the_panel_shows_them()
    {
        var (purchase, invoiceId) = await PayByNotificationAsync(Visa, buyerPaid: "51.20", credited: "48.3100");

        var applied = await AppliedAsync(invoiceId, "success");
        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));
        Assert.Multiple(() =>
        {
            Assert.That(applied.OrderId, Is.EqualTo(purchase.Order.Id));
            Assert.That(applied.StoreId, Is.EqualTo(purchase.Order.StoreId));
            Assert.That(applied.Payway, Is.EqualTo(Visa));
            Assert.That(applied.Currency, Is.EqualTo("RUB"));
            Assert.That(applied.Amount, Is.EqualTo(50.00m), "ik_am");
            Assert.That(applied.PayerPrice, Is.EqualTo(51.20m), "ik_ps_price");
            Assert.That(applied.Credited, Is.EqualTo(48.31m), "ik_co_rfn");
            Assert.That(Text(page, "#ik-payway"), Is.EqualTo(Visa));
            Assert.That(Text(page, "#ik-buyer-paid"), Is.EqualTo("51,20 RUB"));
            Assert.That(Text(page, "#ik-credited"), Is.EqualTo("48,31 RUB"));
            Assert.That(Text(page, "#ik-commission"), Is.EqualTo("2,89 RUB"), "51.20 − 48.31");
        });
    }

    [Test]
    public async Task A_payment_found_by_reconciliation_stores_what_the_api_reports_and_the_panel_shows_it()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase, "success", ("dropFirst", "true"));
        var invoice = (await _store.InvoiceOfAsync(purchase)).GetProperty("invoice");

        var result = await _store.Shop.ReconcileAsync();

        var invoiceId = invoice.GetProperty("id").GetString()!;
        var applied = await AppliedAsync(invoiceId, "success");
        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(purchase.Order.Id));
        var apiPaid = invoice.GetProperty("psPrice").GetDecimal();
        var apiCredited = invoice.GetProperty("coRfn").GetDecimal();
        Assert.Multiple(() =>
        {
            Assert.That(result[purchase.Order.StoreId].Applied, Is.EqualTo(1), "reconciliation applied the payment");
            Assert.That((apiPaid, apiCredited), Is.EqualTo((50.00m, 48.50m)), "the sandbox's API reports psPrice and coRfn");
            Assert.That(applied.PayerPrice, Is.EqualTo(apiPaid));
            Assert.That(applied.Credited, Is.EqualTo(apiCredited));
            Assert.That(applied.Payway, Is.EqualTo(invoice.GetProperty("payway").GetString()));
            Assert.That(applied.Amount, Is.EqualTo(50.00m));
            Assert.That(Text(page, "#ik-buyer-paid"), Is.EqualTo("50,00 RUB"));
            Assert.That(Text(page, "#ik-credited"), Is.EqualTo("48,50 RUB"), "no longer «—» for a payment found by reconciliation");
            Assert.That(Text(page, "#ik-commission"), Is.EqualTo("1,50 RUB"));
        });
    }

    [Test]
    public async Task The_summary_of_a_period_totals_states_and_payways_exactly_and_charts_paid_payments_per_day()
    {
        // The period 2026-10-05..07; one payment the day before and one the day after must not count.
        var (_, paidTest) = await PayByNotificationAsync(InterkassaProtocol.TestPayway, "50.00", "48.5000");
        var (refundedPurchase, paidVisa) = await PayByNotificationAsync(Visa, "51.50", "48.2500");
        var (_, paidVisaLater) = await PayByNotificationAsync(Visa, "52.00", "49.0000");
        var failed = await NotifyStateAsync("fail");
        var canceled = await NotifyStateAsync("canceled");
        var (_, before) = await PayByNotificationAsync(Visa, "51.00", "48.0000");
        var (_, after) = await PayByNotificationAsync(InterkassaProtocol.TestPayway, "50.00", "48.5000");
        using (var refund = await _store.RefundFromAdminAsync(refundedPurchase.Order.Id))
            Assert.That(refund.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the refund went through");

        await MoveAsync(paidTest, "success", new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc));
        await MoveAsync(paidVisa, "success", new DateTime(2026, 10, 5, 23, 59, 0, DateTimeKind.Utc));
        await MoveAsync(failed, "fail", new DateTime(2026, 10, 6, 12, 0, 0, DateTimeKind.Utc));
        await MoveAsync(paidVisaLater, "success", new DateTime(2026, 10, 7, 0, 0, 0, DateTimeKind.Utc));
        await MoveAsync(canceled, "canceled", new DateTime(2026, 10, 7, 18, 0, 0, DateTimeKind.Utc));
        await MoveAsync(before, "success", new DateTime(2026, 10, 4, 23, 59, 59, DateTimeKind.Utc));
        await MoveAsync(after, "success", new DateTime(2026, 10, 8, 0, 0, 0, DateTimeKind.Utc));
        await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Refunds
            .Where(r => r.OrderId == refundedPurchase.Order.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedOnUtc, new DateTime(2026, 10, 6, 10, 0, 0, DateTimeKind.Utc))));

        var page = await ShopPage.GetAsync(_store.Admin, JournalPath + "?From=2026-10-05&To=2026-10-07");

        var states = Table(page, "#ik-summary-states", "data-state");
        var payways = Table(page, "#ik-summary-payways", "data-payway");
        var bars = page.QuerySelectorAll("#ik-chart rect.ik-summary__bar").Select(b => (b.GetAttribute("data-day"), b.GetAttribute("data-count"))).ToList();
        var dayTable = page.QuerySelectorAll("#ik-summary-days tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Text(page, "#ik-summary-title"), Is.EqualTo("Сводка платежей с 05.10.2026 по 07.10.2026 (UTC)"));
            Assert.That(states.Select(r => r.Key), Is.EqualTo(new[] { "success", "refunded", "canceled", "fail" }), "paid first, then refunds, then the rest");
            Assert.That(Row(states, "success"), Is.EqualTo(new[] { "оплачен", "3", "150,00 RUB", "153,50 RUB", "145,75 RUB", "7,75 RUB" }));
            Assert.That(Row(states, "refunded"), Is.EqualTo(new[] { "возвраты (выполнены за период)", "1", "50,00 RUB", "—", "—", "—" }));
            Assert.That(Row(states, "canceled"), Is.EqualTo(new[] { "отменён", "1", "50,00 RUB", "—", "—", "—" }));
            Assert.That(Row(states, "fail"), Is.EqualTo(new[] { "не прошёл", "1", "50,00 RUB", "—", "—", "—" }));
            Assert.That(payways.Select(r => r.Key), Is.EqualTo(new[] { Visa, InterkassaProtocol.TestPayway }), "most payments first");
            Assert.That(Row(payways, Visa), Is.EqualTo(new[] { Visa, "2", "103,50 RUB", "97,25 RUB", "6,25 RUB" }));
            Assert.That(Row(payways, InterkassaProtocol.TestPayway), Is.EqualTo(new[] { InterkassaProtocol.TestPayway, "1", "50,00 RUB", "48,50 RUB", "1,50 RUB" }));
            Assert.That(bars, Is.EqualTo(new[] { ("2026-10-05", "2"), ("2026-10-06", "0"), ("2026-10-07", "1") }), "one bar per day, paid payments only");
            Assert.That(dayTable, Is.EqualTo(new[] { new[] { "05.10.2026", "2" }, new[] { "06.10.2026", "0" }, new[] { "07.10.2026", "1" } }),
                "the chart's numbers as a table");
            Assert.That(page.QuerySelector("#ik-chart")?.GetAttribute("role"), Is.EqualTo("img"));
            Assert.That(page.QuerySelector("#ik-chart title")?.TextContent, Is.EqualTo("Оплаченные платежи по дням (UTC)"));
            Assert.That(page.QuerySelector("#ik-chart desc")?.TextContent, Is.EqualTo("Всего оплачено платежей: 3; больше всего за день: 2."));
            Assert.That(page.QuerySelector("#ik-summary-empty"), Is.Null);
        });
    }

    [Test]
    public async Task An_empty_period_says_so_and_the_default_period_is_the_last_30_days()
    {
        var empty = await ShopPage.GetAsync(_store.Admin, JournalPath + "?From=2020-01-01&To=2020-01-31");
        var byDefault = await ShopPage.GetAsync(_store.Admin, JournalPath);

        var today = DateTime.UtcNow.Date;
        var days = byDefault.QuerySelectorAll("#ik-chart rect").Select(b => b.GetAttribute("data-day")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Text(empty, "#ik-summary-empty"), Is.EqualTo("Нет платежей за период."));
            Assert.That(empty.QuerySelector("#ik-chart"), Is.Null, "no chart of nothing");
            Assert.That(empty.QuerySelector("#ik-summary-states"), Is.Null);
            Assert.That(days, Is.EqualTo(Enumerable.Range(-29, 30).Select(d => today.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "by default, a bar for each of the last 30 days, today last");
        });
    }

    /// <summary>Checks out, pays on the sandbox (no notification) and delivers Interkassa's notification with these amounts.</summary>
    private async Task<(Purchase Purchase, string InvoiceId)> PayByNotificationAsync(string payway, string buyerPaid, string credited)
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var invoiceId = await _store.PaidInvoiceAsync(purchase);
        var fields = InterkassaStore.Notification(purchase, payway: payway, invoiceId: invoiceId)
            .Select(f => f.Key switch
            {
                "ik_ps_price" => new KeyValuePair<string, string>(f.Key, buyerPaid),
                "ik_co_rfn" => new KeyValuePair<string, string>(f.Key, credited),
                _ => f,
            }).ToList();
        var key = payway == InterkassaProtocol.TestPayway ? TestCheckouts.Md5Test : TestCheckouts.Md5Secret;
        var (status, body) = await _store.NotifyAsync(InterkassaStore.Signed(fields, key));
        Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, "OK")), "the notification was accepted");
        Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        return (purchase, invoiceId);
    }

    /// <summary>Delivers a fail or canceled notification for a new order; returns its invoice id.</summary>
    private async Task<string> NotifyStateAsync(string state)
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Notification(purchase, state: state);
        var invoiceId = fields.First(f => f.Key == "ik_inv_id").Value;
        var (status, _) = await _store.NotifyAsync(InterkassaStore.Signed(fields));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), state + " accepted");
        return invoiceId;
    }

    private Task<AppliedStateRecord> AppliedAsync(string invoiceId, string state) => _store.Shop.WithScopeAsync(services =>
        services.GetRequiredService<InterkassaDbContext>().AppliedStates.AsNoTracking().SingleAsync(a => a.InvoiceId == invoiceId && a.State == state));

    /// <summary>Places an applied state on another day (the store applied it now).</summary>
    private async Task MoveAsync(string invoiceId, string state, DateTime appliedOnUtc)
    {
        var moved = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().AppliedStates
            .Where(a => a.InvoiceId == invoiceId && a.State == state)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.AppliedOnUtc, appliedOnUtc)));
        Assert.That(moved, Is.EqualTo(1), $"the {state} of {invoiceId} was applied");
    }

    /// <summary>A summary table's rows in page order, keyed by their key attribute: the cells' texts, header cell first.</summary>
    private static List<KeyValuePair<string, string[]>> Table(IHtmlDocument page, string selector, string keyAttribute) =>
        page.QuerySelectorAll(selector + " tbody tr")
            .Select(r => new KeyValuePair<string, string[]>(r.GetAttribute(keyAttribute)!, r.Children.Select(c => c.TextContent.Trim()).ToArray()))
            .ToList();

    private static string[]? Row(List<KeyValuePair<string, string[]>> table, string key) => table.FirstOrDefault(r => r.Key == key).Value;

    private static string? Text(IHtmlDocument page, string selector) => page.QuerySelector(selector)?.TextContent.Trim();
}
