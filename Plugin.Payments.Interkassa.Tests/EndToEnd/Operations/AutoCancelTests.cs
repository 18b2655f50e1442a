using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Settings;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Invoices that expire and orders that close, through the real store and the sandbox: the form carries a signed
/// <c>ik_exp</c>, and the scheduled task's auto-cancel rule cancels an abandoned order once — never one paid at
/// Interkassa, still payable there, or tried again since. An order is "abandoned" here by moving its creation and
/// its payment attempts back in time in the database.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class AutoCancelTests
{
    private const int LifetimeMinutes = 60;
    private const int Hours = 2;
    private const string BuyerNote = "не был оплачен в течение 2 ч";
    private const string AdminNote = "заказ отменён автоматически";
    private const string LateNote = "отменён автоматически как неоплаченный";

    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks },
            sandboxSettings: Operate.SingleDelivery);
        using var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.PaymentLifetimeMinutes"] = "60" });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "lifetime saved");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task The_payment_form_carries_ik_exp_in_utc_signed_beside_ik_ltm_and_the_sandbox_checks_it()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var created = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().PaymentRequests
            .AsNoTracking().Where(r => r.PaymentNo == purchase.PaymentNo).Select(r => r.CreatedOnUtc).SingleAsync());
        var later = purchase.FormFields.Select(f => f.Key == "ik_exp"
            ? new KeyValuePair<string, string>(f.Key, PaymentFormBuilder.FormatExpiry(new DateTimeOffset(created, TimeSpan.Zero).AddDays(1)))
            : f).ToList();

        var (opened, _) = await _store.Sandbox.PostFormAsync(purchase.FormFields);
        var (tampered, page) = await _store.Sandbox.PostFormAsync(later);
        using (opened)
        using (tampered)
        {
            Assert.Multiple(() =>
            {
                Assert.That(Field(purchase, "ik_ltm"), Is.EqualTo("3600"));
                Assert.That(Field(purchase, "ik_exp"), Is.EqualTo(PaymentFormBuilder.FormatExpiry(new DateTimeOffset(created, TimeSpan.Zero).AddMinutes(LifetimeMinutes))),
                    "the attempt's time plus the lifetime, UTC, yyyy-MM-dd HH:mm:ss");
                Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed: the sandbox opens the invoice");
                Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a moved ik_exp no longer verifies");
                Assert.That(page.Body!.TextContent, Does.Contain("подпись неверна"));
            });
        }
    }

    [Test]
    public async Task With_the_rule_off_as_installed_an_abandoned_order_stays_pending()
    {
        var operations = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaOperationsSettings>());
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await AgeAsync(purchase, TimeSpan.FromDays(10));

        await RunTaskAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(operations.AutoCancelEnabled, Is.False, "off after installation");
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        });
    }

    [Test]
    public async Task An_abandoned_order_is_cancelled_once_with_a_note_for_the_buyer_and_one_for_the_admin() => await WithRuleAsync(async () =>
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await AgeAsync(purchase, TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(1));

        await RunTaskAsync();
        await RunTaskAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.NotesAsync(order);
        var journal = await _store.JournalAsync(purchase.PaymentNo);
        Assert.Multiple(() =>
        {
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending), "nothing was paid, nothing to refund");
            Assert.That(notes.Where(n => n.Note.Contains(BuyerNote, StringComparison.Ordinal)).Select(n => n.DisplayToCustomer), Is.EqualTo(new[] { true }),
                "one note the buyer sees");
            Assert.That(notes.Where(n => n.Note.Contains(AdminNote, StringComparison.Ordinal)).Select(n => n.DisplayToCustomer), Is.EqualTo(new[] { false }),
                "one note for the admin");
            Assert.That(notes.Single(n => n.Note.Contains(AdminNote, StringComparison.Ordinal)).Note, Does.Contain(purchase.PaymentNo).And.Contain("UTC"));
            Assert.That(journal.Where(j => j.Source == JournalSources.AutoCancel).Select(j => (j.Verdict, j.OrderId)),
                Is.EqualTo(new[] { (NotificationVerdicts.Applied, (int?)order.Id) }), "one journal row");
        });
    });

    [Test]
    public async Task An_order_tried_again_since_is_not_cancelled() => await WithRuleAsync(async () =>
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await AgeAsync(purchase, TimeSpan.FromHours(Hours * 3));
        var again = await _store.PayAgainAsync(purchase);

        await RunTaskAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(again.PaymentNo, Is.Not.EqualTo(purchase.PaymentNo), "a second attempt was recorded");
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending), "counted from the newest attempt");
        });
    });

    [Test]
    public async Task An_order_paid_at_Interkassa_whose_notification_was_lost_is_reconciled_to_paid_not_cancelled() => await WithRuleAsync(async () =>
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase, "success", ("dropFirst", "true"));
        var pendingAfterPay = (await _store.ReloadAsync(purchase.Order)).PaymentStatus;
        await AgeAsync(purchase, TimeSpan.FromHours(Hours * 3));

        await RunTaskAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.NotesAsync(order);
        Assert.Multiple(() =>
        {
            Assert.That(pendingAfterPay, Is.EqualTo(PaymentStatus.Pending), "the notification was lost");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(order.OrderStatus, Is.Not.EqualTo(OrderStatus.Cancelled));
            Assert.That(notes.Any(n => n.Note.Contains(AdminNote, StringComparison.Ordinal)), Is.False);
        });
    });

    [Test]
    public async Task An_order_whose_invoice_is_still_open_at_Interkassa_is_not_cancelled() => await WithRuleAsync(async () =>
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase, "pending");
        await AgeAsync(purchase, TimeSpan.FromHours(Hours * 3));

        await RunTaskAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(async () =>
        {
            Assert.That((await _store.InvoiceOfAsync(purchase)).GetProperty("invoice").GetProperty("apiState").GetInt32(), Is.EqualTo(2), "awaiting payment");
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Pending), "Interkassa may still take the money");
        });
    });

    [Test]
    public async Task A_late_payment_for_an_auto_cancelled_order_is_journaled_alerts_the_admin_once_and_never_marks_it_paid() => await WithRuleAsync(async () =>
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await AgeAsync(purchase, TimeSpan.FromHours(Hours * 3));
        await RunTaskAsync();
        var cancelled = (await _store.ReloadAsync(purchase.Order)).OrderStatus;

        var invoiceId = await _store.PaidInvoiceAsync(purchase);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: invoiceId));
        var answers = new[] { await _store.NotifyAsync(fields), await _store.NotifyAsync(fields) };

        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.NotesAsync(order);
        var deliveries = (await _store.JournalAsync(purchase.PaymentNo)).Where(j => j.InvoiceId == invoiceId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cancelled, Is.EqualTo(OrderStatus.Cancelled), "the rule cancelled the order first");
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.OK, "OK")), "stored, so Interkassa stops retrying");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending), "never Paid");
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(notes.Where(n => n.Note.Contains(LateNote, StringComparison.Ordinal)).Select(n => n.DisplayToCustomer), Is.EqualTo(new[] { false }),
                "the admin is told once, why and what to do");
            Assert.That(notes.Single(n => n.Note.Contains(LateNote, StringComparison.Ordinal)).Note, Does.Contain(invoiceId).And.Contain("Верните деньги"));
            Assert.That(deliveries.Select(d => d.Verdict), Is.EqualTo(new[] { NotificationVerdicts.Applied, NotificationVerdicts.Repeat }), "both deliveries journaled");
            Assert.That(deliveries[0].Detail, Is.EqualTo(JournalDetail.Of("PaidAfterAutoCancel")));
        });
    });

    [Test]
    public async Task The_configure_page_refuses_a_wait_not_longer_than_the_payment_lifetime_next_to_the_field()
    {
        using var refused = await _store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.AutoCancelEnabled"] = "true",
            ["Input.AutoCancelHours"] = "1",
        });
        var page = await ShopPage.ParseHtmlAsync(refused);
        var afterRefusal = await OperationsAsync();
        using var accepted = await _store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.AutoCancelEnabled"] = "true",
            ["Input.AutoCancelHours"] = "5",
        });
        var afterSave = await OperationsAsync();
        await SaveRuleAsync(enabled: false, Hours);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, ".ik-error[data-field='AutoCancelHours']"),
                Is.EqualTo("Срок отмены должен быть больше, чем «Срок жизни платежа» (вкладка «Подключение»): иначе заказ отменится, пока покупатель ещё может его оплатить."));
            Assert.That(page.QuerySelector("#f-AutoCancelHours")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));
            Assert.That(page.QuerySelector(".ik-tab--active")?.GetAttribute("data-tab"), Is.EqualTo("operations"));
            Assert.That(afterRefusal.AutoCancelEnabled, Is.False, "nothing saved");
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((afterSave.AutoCancelEnabled, afterSave.AutoCancelHours), Is.EqualTo((true, 5)));
        });
    }

    private static string Field(Purchase purchase, string name) => purchase.FormFields.Single(f => f.Key == name).Value;

    private Task<InterkassaOperationsSettings> OperationsAsync() =>
        _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaOperationsSettings>());

    private Task SaveRuleAsync(bool enabled, int hours) => _store.Shop.WithScopeAsync(async services =>
    {
        var settings = services.GetRequiredService<ISettingService>();
        var operations = await settings.LoadSettingAsync<InterkassaOperationsSettings>();
        operations.AutoCancelEnabled = enabled;
        operations.AutoCancelHours = hours;
        await settings.SaveSettingAsync(operations);
    });

    /// <summary>Runs a test with the rule on (N = 2 h), and turns it off again.</summary>
    private async Task WithRuleAsync(Func<Task> test)
    {
        await SaveRuleAsync(enabled: true, Hours);
        try
        {
            await test();
        }
        finally
        {
            await SaveRuleAsync(enabled: false, Hours);
        }
    }

    /// <summary>The scheduled task as the store runs it: reconciliation, then the rule.</summary>
    private Task RunTaskAsync() =>
        _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaReconciliationTask>().ExecuteAsync(CancellationToken.None));

    /// <summary>Moves the order's creation and every payment attempt back by <paramref name="by"/>.</summary>
    private Task AgeAsync(Purchase purchase, TimeSpan by) => AgeAsync(_store.Shop, purchase.Order.Id, by);

    internal static Task AgeAsync(ShopFactory shop, int orderId, TimeSpan by) => shop.WithScopeAsync(async services =>
    {
        var orders = services.GetRequiredService<ShopDbContext>();
        var order = await orders.Orders.SingleAsync(o => o.Id == orderId);
        order.CreatedOnUtc -= by;
        await orders.SaveChangesAsync();
        var plugin = services.GetRequiredService<InterkassaDbContext>();
        foreach (var request in await plugin.PaymentRequests.Where(r => r.OrderId == orderId).ToListAsync())
            request.CreatedOnUtc -= by;
        await plugin.SaveChangesAsync();
    });
}
