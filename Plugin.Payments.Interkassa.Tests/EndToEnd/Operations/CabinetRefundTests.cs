using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Refunds the merchant makes in Interkassa's cabinet (the sandbox's API side), found by reconciliation through
/// <c>GET /v1/co-invoice/{id}</c> and recorded on the order: once, never backwards, never counting the store's own refunds twice.
/// Orders are paid for real through the sandbox first.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class CabinetRefundTests
{
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_full_refund_in_the_cabinet_makes_the_order_refunded_with_a_note_and_a_journal_row()
    {
        var purchase = await _store.PaidPurchaseAsync();
        var invoiceId = await _store.RefundAsync(purchase);

        var run = await _store.Shop.ReconcileAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.CabinetNotesAsync(order);
        var journal = (await _store.JournalAsync(purchase.PaymentNo)).Where(r => r.State == CabinetRefundSync.JournalState).ToList();
        var page = await ShopPage.GetAsync(_store.Admin, Operate.OrderPage(order.Id));
        Assert.Multiple(() =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m));
            Assert.That(Cabinet.Of(run, order).Applied, Is.EqualTo(1));
            Assert.That(Cabinet.Of(run, order).Errors, Is.Zero);
            Assert.That(notes, Has.Count.EqualTo(1));
            Assert.That(notes[0].Note, Does.Contain("50,00 RUB").And.Contain(invoiceId));
            Assert.That(notes[0].DisplayToCustomer, Is.False, "an admin note");
            Assert.That(journal, Has.Count.EqualTo(1));
            Assert.That(journal[0].Source, Is.EqualTo(JournalSources.Reconciliation));
            Assert.That(journal[0].Verdict, Is.EqualTo(NotificationVerdicts.Applied));
            Assert.That(journal[0].InvoiceId, Is.EqualTo(invoiceId));
            Assert.That(page.QuerySelector("#payment-status")?.GetAttribute("data-status"), Is.EqualTo(nameof(PaymentStatus.Refunded)), "the admin's order page shows it");
            Assert.That(page.Body?.TextContent, Does.Contain(Cabinet.RefundNote), "with the note");
            Assert.That(ShopPage.Text(page, "#ik-refunds .ik-refund-cabinet"), Is.EqualTo("· сделан в кабинете Интеркассы, найден сверкой"), "the Interkassa panel tells it from a store refund");
        });
    }

    [Test]
    public async Task A_partial_refund_in_the_cabinet_then_the_rest_moves_the_order_forward_once_each()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase, "20.00");

        var first = await _store.Shop.ReconcileAsync();
        var partly = await _store.ReloadAsync(purchase.Order);
        var again = await _store.Shop.ReconcileAsync();
        var unchanged = await _store.ReloadAsync(purchase.Order);

        await _store.RefundAsync(purchase);
        var rest = await _store.Shop.ReconcileAsync();
        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.CabinetNotesAsync(order);
        var rows = await _store.Shop.RefundRowsAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(partly.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(partly.RefundedAmount, Is.EqualTo(20m));
            Assert.That(Cabinet.Of(first, partly).Applied, Is.EqualTo(1));
            Assert.That(Cabinet.Of(again, partly).Applied, Is.Zero, "the next round finds nothing new");
            Assert.That(unchanged.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(unchanged.RefundedAmount, Is.EqualTo(20m));
            Assert.That(Cabinet.Of(rest, order).Applied, Is.EqualTo(1));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m), "20 + 30, each counted once");
            Assert.That(notes, Has.Count.EqualTo(2));
            Assert.That(notes[0].Note, Does.Contain("20,00 RUB"));
            Assert.That(notes[1].Note, Does.Contain("30,00 RUB"));
            Assert.That(rows.Select(r => (r.Amount, r.Status, r.IsCabinet)),
                Is.EqualTo(new[] { (20m, RefundStatuses.Succeeded, true), (30m, RefundStatuses.Succeeded, true) }));
        });
    }

    [Test]
    public async Task A_refund_from_the_store_and_the_rest_refunded_in_the_cabinet_are_counted_once_each()
    {
        var purchase = await _store.PaidPurchaseAsync();
        using var storeRefund = await _store.PartialRefundFromAdminAsync(purchase.Order.Id, "20.00");
        Assert.That(storeRefund.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the store refunded 20 through Interkassa");

        var before = await _store.Shop.ReconcileAsync();
        var afterStoreRefund = await _store.ReloadAsync(purchase.Order);
        await _store.RefundAsync(purchase);
        var run = await _store.Shop.ReconcileAsync();
        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.CabinetNotesAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(Cabinet.Of(before, order).Applied, Is.Zero, "the store's own refund is not a cabinet refund");
            Assert.That(afterStoreRefund.RefundedAmount, Is.EqualTo(20m));
            Assert.That(Cabinet.Of(run, order).Applied, Is.EqualTo(1));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(50m), "not 20 + 50");
            Assert.That(notes, Has.Count.EqualTo(1));
            Assert.That(notes[0].Note, Does.Contain("30,00 RUB"), "only the cabinet's part");
        });
    }

    [Test]
    public async Task Repeated_reconciliation_records_a_cabinet_refund_once()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase, "10.00");

        var runs = new List<IReadOnlyDictionary<int, ReconciliationResult>>();
        for (var i = 0; i < 3; i++)
            runs.Add(await _store.Shop.ReconcileAsync());

        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(async () =>
        {
            Assert.That(runs.Select(r => Cabinet.Of(r, order).Applied), Is.EqualTo(new[] { 1, 0, 0 }));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(10m));
            Assert.That(await _store.CabinetNotesAsync(order), Has.Count.EqualTo(1));
            Assert.That(await _store.Shop.RefundRowsAsync(order), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_refund_from_the_store_still_waiting_for_interkassa_holds_the_cabinet_refund_back_until_it_settles()
    {
        var purchase = await _store.PaidPurchaseAsync();
        var invoiceId = await _store.RefundAsync(purchase, "20.00");
        // A refund the store sent whose answer was lost: the cabinet's 20 may be that very refund.
        var pendingId = await _store.Shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<InterkassaDbContext>();
            var row = new RefundRecord
            {
                IdempotencyKey = $"{purchase.Order.Id}:20.00", OrderId = purchase.Order.Id, StoreId = purchase.Order.StoreId, InvoiceId = invoiceId,
                AmountPrimary = 20m, Amount = 20m, Currency = "RUB", Status = RefundStatuses.Pending,
                CreatedOnUtc = DateTime.UtcNow, AttemptedOnUtc = DateTime.UtcNow,
            };
            db.Refunds.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });

        var held = await _store.Shop.ReconcileAsync();
        var whileHeld = await _store.ReloadAsync(purchase.Order);
        await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Refunds
            .Where(r => r.Id == pendingId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RefundStatuses.Failed)));
        var settled = await _store.Shop.ReconcileAsync();
        var order = await _store.ReloadAsync(purchase.Order);

        Assert.Multiple(() =>
        {
            Assert.That(Cabinet.Of(held, order).Deferred, Is.GreaterThanOrEqualTo(1));
            Assert.That(whileHeld.PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "nothing decided while the store's refund is open");
            Assert.That(Cabinet.Of(settled, order).Applied, Is.EqualTo(1), "the store's refund failed: the cabinet's 20 is new");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
            Assert.That(order.RefundedAmount, Is.EqualTo(20m));
        });
    }

    [Test]
    public async Task Orders_placed_before_the_lookback_are_not_asked_about()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase);
        await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders
            .Where(o => o.Id == purchase.Order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CreatedOnUtc, DateTime.UtcNow.AddDays(-40))));

        var previous = await _store.Shop.SetLookbackAsync(30);
        try
        {
            var outside = await _store.Shop.ReconcileAsync();
            var untouched = await _store.ReloadAsync(purchase.Order);
            await _store.Shop.SetLookbackAsync(45);
            var inside = await _store.Shop.ReconcileAsync();
            var order = await _store.ReloadAsync(purchase.Order);

            Assert.Multiple(() =>
            {
                Assert.That(untouched.PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "40 days old, lookback 30");
                Assert.That(Cabinet.Of(outside, order).Applied, Is.Zero);
                Assert.That(Cabinet.Of(inside, order).Applied, Is.EqualTo(1), "lookback 45 reaches it");
                Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            });
        }
        finally
        {
            await _store.Shop.SetLookbackAsync(previous);
        }
    }

    [Test]
    public async Task Lookback_zero_turns_the_step_off_and_says_so()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase, "5.00");

        using var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.RefundLookbackDays"] = "0" });
        try
        {
            var off = await _store.Shop.ReconcileAsync();
            var untouched = await _store.ReloadAsync(purchase.Order);
            var page = await StorePageAsync();

            Assert.Multiple(() =>
            {
                Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "0 is a valid lookback");
                Assert.That(Cabinet.Of(off, untouched).Skipped, Is.EqualTo(CabinetRefundResult.SkipReasons.Off));
                Assert.That(untouched.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
                Assert.That(ShopPage.Text(page, "#ik-cabinet-refunds-1"), Is.EqualTo("Возвраты из кабинета не ищутся (срок поиска — 0 дней)."));
            });
        }
        finally
        {
            using var back = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.RefundLookbackDays"] = "30" });
        }

        var on = await _store.Shop.ReconcileAsync();
        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(Cabinet.Of(on, order).Applied, Is.EqualTo(1), "back on, the refund is found");
            Assert.That(order.RefundedAmount, Is.EqualTo(5m));
        });
    }

    /// <summary>The configure page with the first store chosen (the last reconciliation is shown per store), in a browser of its own.</summary>
    private async Task<AngleSharp.Html.Dom.IHtmlDocument> StorePageAsync()
    {
        using var admin = _store.Shop.CreateBrowser();
        await _store.Shop.LoginAsAdminAsync(admin);
        var page = await ShopPage.GetAsync(admin, InterkassaDefaults.ConfigurePath);
        using (var scope = await ShopPage.SubmitAsync(admin, page, "form.scope-form", new Dictionary<string, string> { ["storeId"] = "1" }))
            Assert.That(scope.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "store chosen");
        return await ShopPage.GetAsync(admin, InterkassaDefaults.ConfigurePath);
    }

    [Test]
    public async Task Without_api_credentials_the_step_is_skipped_and_the_result_says_why()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase, "7.00");

        IReadOnlyDictionary<int, ReconciliationResult>? skipped = null;
        Order? untouched = null;
        AngleSharp.Html.Dom.IHtmlDocument? page = null;
        await _store.WithSettingsAsync(s => s.ApiUserId = "", async () =>
        {
            skipped = await _store.Shop.ReconcileAsync();
            untouched = await _store.ReloadAsync(purchase.Order);
            page = await StorePageAsync();
        });
        var withCredentials = await _store.Shop.ReconcileAsync();
        var order = await _store.ReloadAsync(purchase.Order);

        Assert.Multiple(() =>
        {
            Assert.That(Cabinet.Of(skipped!, order).Skipped, Is.EqualTo(CabinetRefundResult.SkipReasons.NoApiCredentials));
            Assert.That(untouched!.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(ShopPage.Text(page!, "#ik-cabinet-refunds-1"), Is.EqualTo("Возвраты из кабинета не ищутся: не заданы данные доступа к API."));
            Assert.That(Cabinet.Of(withCredentials, order).Skipped, Is.Null);
            Assert.That(Cabinet.Of(withCredentials, order).Applied, Is.EqualTo(1));
            Assert.That(order.RefundedAmount, Is.EqualTo(7m));
        });
    }

    [Test]
    public async Task An_invoice_of_another_checkout_is_ignored()
    {
        var purchase = await _store.PaidPurchaseAsync();
        await _store.RefundAsync(purchase);

        IReadOnlyDictionary<int, ReconciliationResult>? run = null;
        await _store.WithSettingsAsync(s => s.CheckoutId = TestCheckouts.Sha256Id, async () => run = await _store.Shop.ReconcileAsync());
        var order = await _store.ReloadAsync(purchase.Order);

        Assert.Multiple(async () =>
        {
            Assert.That(Cabinet.Of(run!, order).Ignored, Is.GreaterThanOrEqualTo(1));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(await _store.CabinetNotesAsync(order), Is.Empty);
        });

        // Put right for the fixture's other tests: with the store's own checkout again, the refund is recorded.
        await _store.Shop.ReconcileAsync();
        Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
    }
}
