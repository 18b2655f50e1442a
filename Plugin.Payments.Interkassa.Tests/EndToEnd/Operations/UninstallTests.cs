using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Install, use every operations feature, uninstall from the admin (through its confirmation page): settings, keys,
/// resources and the task are gone; the payment history stays unless the admin ticks «delete the payment history»,
/// and the payment numbers already sent to Interkassa are never given again.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class UninstallTests(string database)
{
    [Test]
    public async Task Uninstall_keeps_the_payment_history_so_a_reinstalled_plugin_refunds_a_paid_order_and_numbers_payments_on()
    {
        await using var store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        var paid = await store.PaidPurchaseAsync();
        using (var refunded = await store.PartialRefundFromAdminAsync(paid.Order.Id, "10.00"))
            Assert.That(refunded.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a refund row exists");
        using var buyer = store.Shop.CreateBrowser();
        var pending = await store.CheckoutAsync(buyer);
        await store.Shop.ReconcileAsync();
        var before = await TraceAsync(store.Shop);
        Assert.That(before.Rows[InterkassaDbContext.NotificationTable], Is.Positive, "journal rows");

        var confirmation = await ShopPage.GetAsync(store.Admin, "/Admin/PluginUninstall?systemName=" + InterkassaStore.SystemName);
        Assert.That(ShopPage.Text(confirmation, "#uninstall-keeps"), Does.Contain("история платежей"), "the page says what is kept");
        using (var uninstall = await AdminConfirmations.UninstallAsync(store.Admin, InterkassaStore.SystemName))
            Assert.That(uninstall.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await TraceAsync(store.Shop);

        await StoreDriver.InstallPluginAsync(store.Admin, InterkassaStore.SystemName);
        using (var saved = await store.SaveConfigurationAsync(store.SandboxConfiguration()))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "configured again");
        using var rest = await store.PartialRefundFromAdminAsync(paid.Order.Id, (paid.Order.OrderTotal - 10m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var refundedOrder = await store.ReloadAsync(paid.Order);
        var newNumber = await PaymentNumberFromLinkAsync(store, pending.Order.Id);

        Assert.Multiple(() =>
        {
            Assert.That(after.Rows, Is.EquivalentTo(before.Rows), "every history row is still there");
            Assert.That(after.Settings, Is.Empty, "no interkassa setting");
            Assert.That(after.Resources, Is.Zero, "no Plugins.Payments.Interkassa. resource");
            Assert.That(after.Tasks, Is.Zero, "no scheduled task");
            Assert.That(rest.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the rest of the paid order was refunded after reinstalling");
            Assert.That(refundedOrder.PaymentStatus, Is.EqualTo(Shop.Abstractions.Domain.PaymentStatus.Refunded));
            Assert.That(newNumber, Is.Not.EqualTo(pending.PaymentNo), "a payment number Interkassa has seen is not sent again");
        });
    }

    [Test]
    public async Task Uninstall_with_delete_history_empties_the_journal_payments_and_refunds_but_keeps_the_payment_numbers()
    {
        await using var store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        var paid = await store.PaidPurchaseAsync();
        using (var refunded = await store.PartialRefundFromAdminAsync(paid.Order.Id, "10.00"))
            Assert.That(refunded.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a refund row exists");
        var before = await TraceAsync(store.Shop);

        using (var uninstall = await AdminConfirmations.UninstallAsync(store.Admin, InterkassaStore.SystemName, deleteData: true))
            Assert.That(uninstall.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var after = await TraceAsync(store.Shop);
        Assert.Multiple(() =>
        {
            Assert.That(before.Rows.Where(r => r.Key != InterkassaDbContext.PaymentRequestTable).Select(r => r.Value), Has.All.Positive, "history before");
            Assert.That(after.Rows.Where(r => r.Key != InterkassaDbContext.PaymentRequestTable).Select(r => r.Value), Has.All.Zero, "history deleted");
            Assert.That(after.Rows[InterkassaDbContext.PaymentRequestTable], Is.EqualTo(before.Rows[InterkassaDbContext.PaymentRequestTable]),
                "the payment numbers sent to Interkassa are kept");
            Assert.That(after.Settings, Is.Empty, "no interkassa setting");
            Assert.That(after.Resources, Is.Zero, "no Plugins.Payments.Interkassa. resource");
            Assert.That(after.Tasks, Is.Zero, "no scheduled task");
        });
    }

    /// <summary>The payment number of a fresh payment form for the order, opened through an admin payment link.</summary>
    private static async Task<string> PaymentNumberFromLinkAsync(InterkassaStore store, int orderId)
    {
        var admin = await ShopPage.GetAsync(store.Admin, "/Admin/PaymentInterkassa/PaymentLink?orderId=" + orderId);
        var link = new Uri(admin.QuerySelector("#ik-paylink-url")?.GetAttribute("value") ?? throw new AssertionException("no payment link"));
        using var stranger = store.Shop.CreateBrowser();
        var page = await ShopPage.GetAsync(stranger, link.PathAndQuery);
        return page.QuerySelector("form#ik-paylink-form input[name=ik_pm_no]")?.GetAttribute("value") ?? throw new AssertionException("no payment form");
    }

    private sealed record Trace(Dictionary<string, int> Rows, List<string> Settings, int Resources, int Tasks);

    /// <summary>What of the plugin the database holds: rows of each of its tables, its settings, resources and tasks.</summary>
    private static Task<Trace> TraceAsync(ShopFactory shop) => shop.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<ShopDbContext>();
        var rows = new Dictionary<string, int>();
        foreach (var table in InterkassaDbContext.TableNames)
        {
            // The plugin's own table names, never input.
            var count = "SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM \"" + table + "\"";
            rows[table] = await db.Database.SqlQueryRaw<int>(count).SingleAsync();
        }
        var settings = await db.Settings.AsNoTracking().Where(s => s.Name.ToLower().StartsWith("interkassa")).Select(s => s.Name).ToListAsync();
        var resources = await db.LocaleStringResources.AsNoTracking().CountAsync(r => r.ResourceName.ToLower().StartsWith("plugins.payments.interkassa."));
        var tasks = await db.ScheduleTasks.AsNoTracking().CountAsync(t => t.Type.ToLower().Contains("interkassa"));
        return new Trace(rows, settings, resources, tasks);
    });
}
