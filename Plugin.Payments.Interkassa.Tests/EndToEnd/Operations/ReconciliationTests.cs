using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Reconciliation against the sandbox's <c>/v1/co-invoice</c>: the sandbox delivers each notification once, so a
/// dropped one is lost for good and only reconciliation can find the payment.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class ReconciliationTests
{
    private readonly EventCounter<OrderPaidEvent> _paidEvents = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            Settings = Operate.NoBackgroundTasks,
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidEvents),
        }, sandboxSettings: Operate.SingleDelivery);
        await _store.Shop.ReconcileYoungOrdersAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Dropped_notification_leaves_the_order_pending_until_reconciliation_marks_it_paid_once()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase, "success", ("dropFirst", "true"));
        var pendingAfterPay = (await _store.ReloadAsync(purchase.Order)).PaymentStatus;
        var delivered = (await _store.InvoiceOfAsync(purchase)).GetProperty("deliveries").EnumerateArray().Count(d => !d.GetProperty("dropped").GetBoolean());

        var first = await _store.Shop.ReconcileAsync();
        var second = await _store.Shop.ReconcileAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.NotesAsync(order);
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.Zero, "the sandbox never delivered the notification");
            Assert.That(pendingAfterPay, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(first[order.StoreId].Applied, Is.EqualTo(1));
            Assert.That(first[order.StoreId].Errors, Is.Zero);
            Assert.That(second[order.StoreId].Applied, Is.Zero, "the next round finds nothing to do");
            Assert.That(notes.Where(n => n.Note.Contains(Operate.PaidNote, StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.All.Matches<OrderNote>(n => n.Note.Contains(Operate.FromReconciliationNote, StringComparison.Ordinal)));
            Assert.That(_paidEvents.Events.Count(e => e.Order.Id == order.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Invoice_with_another_amount_for_the_same_payment_number_is_refused_and_journaled_once()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        // Someone pays the same ik_pm_no on the checkout for 1.00 instead of 50.00 (a form signed with the secret key, no notification URL).
        var forged = purchase.FormFields
            .Where(f => f.Key is not (InterkassaProtocol.SignField or "ik_ia_u" or "ik_ia_m"))
            .Select(f => f.Key == "ik_am" ? new KeyValuePair<string, string>("ik_am", "1.00") : f)
            .ToList();
        forged.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(forged, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5)));
        var invoiceId = await _store.Sandbox.PayAsync(forged);

        var first = await _store.Shop.ReconcileAsync();
        var second = await _store.Shop.ReconcileAsync();

        var order = await _store.ReloadAsync(purchase.Order);
        var journal = await _store.JournalAsync(purchase.PaymentNo);
        Assert.Multiple(async () =>
        {
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending), "never paid on an invoice for another amount");
            Assert.That(first[order.StoreId].Refused, Is.EqualTo(1));
            Assert.That(second[order.StoreId].Refused, Is.EqualTo(1), "refused again next round");
            Assert.That(journal, Has.Count.EqualTo(1), "journaled once, not every round");
            Assert.That(journal[0].Verdict, Is.EqualTo(NotificationVerdicts.Rejected));
            Assert.That(journal[0].Reason, Is.EqualTo("amount"));
            Assert.That(journal[0].Source, Is.EqualTo(JournalSources.Reconciliation));
            Assert.That(journal[0].InvoiceId, Is.EqualTo(invoiceId));
            Assert.That(journal[0].OrderId, Is.EqualTo(order.Id));
            Assert.That((await _store.NotesAsync(order)).Any(n => n.Note.Contains(Operate.PaidNote, StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task Api_failure_is_recorded_and_the_next_round_applies_the_payment()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase, "success", ("dropFirst", "true"));
        await _store.ArmApiFaultAsync(calls: 1, status: 401, pathContains: "co-invoice");

        var failed = await _store.Shop.ReconcileAsync();
        var pendingAfterFailure = (await _store.ReloadAsync(purchase.Order)).PaymentStatus;
        var retried = await _store.Shop.ReconcileAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(failed[purchase.Order.StoreId].Errors, Is.EqualTo(1));
            Assert.That(failed[purchase.Order.StoreId].Error, Is.Not.Null.And.Not.Contains(TestCheckouts.ApiKey));
            Assert.That(pendingAfterFailure, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(retried[purchase.Order.StoreId].Errors, Is.Zero);
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    [Test]
    public async Task The_configure_page_for_all_stores_shows_each_stores_last_reconciliation()
    {
        var results = await _store.Shop.ReconcileAsync();
        var (storeId, last) = results.First();
        var storeName = await _store.Shop.WithScopeAsync(async services =>
            (await services.GetRequiredService<Shop.Abstractions.Stores.IStoreService>().GetStoreByIdAsync(storeId))!.Name);

        var page = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        var shown = ShopPage.Text(page, $"#ik-reconciliation-{storeId}");

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(page, ".ik-scope strong"), Is.EqualTo("всех магазинов"), "the all-stores view");
            Assert.That(shown, Does.StartWith(storeName + ": Последняя сверка " + last.RunOnUtc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
                "the run is shown, not «not run yet»");
            Assert.That(shown, Does.Contain($"проверено заказов {last.Checked}"));
        });
    }
}
