using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>Install, use every operations feature, uninstall from the admin: nothing of the plugin is left in the database.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
public sealed class UninstallTests(string database)
{
    [Test]
    public async Task Uninstall_after_use_leaves_no_table_setting_resource_or_task()
    {
        await using var store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        var paid = await store.PaidPurchaseAsync();
        using (var refunded = await store.PartialRefundFromAdminAsync(paid.Order.Id, "10.00"))
            Assert.That(refunded.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a refund row exists");
        await store.Shop.ReconcileAsync();
        var before = await TraceAsync(store.Shop);
        Assert.That(before.Tables, Is.EquivalentTo(InterkassaDbContext.TableNames), "installed: the plugin's tables");
        Assert.That(before.Settings, Is.Not.Empty.And.Some.EqualTo("interkassa.reconciliation.last"));
        Assert.That(before.Resources, Is.Not.Zero);
        Assert.That(before.Tasks, Is.EqualTo(1));

        var plugins = await ShopPage.GetAsync(store.Admin, "/Admin/Plugins");
        using (var uninstall = await ShopPage.SubmitAsync(store.Admin, plugins, $"tr[data-system-name='{InterkassaStore.SystemName}'] form[action*='Uninstall']"))
            Assert.That(uninstall.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var after = await TraceAsync(store.Shop);
        Assert.Multiple(() =>
        {
            Assert.That(after.Tables, Is.Empty, "no plugin table");
            Assert.That(after.Settings, Is.Empty, "no interkassa setting");
            Assert.That(after.Resources, Is.Zero, "no Plugins.Payments.Interkassa. resource");
            Assert.That(after.Tasks, Is.Zero, "no scheduled task");
        });
    }

    private sealed record Trace(List<string> Tables, List<string> Settings, int Resources, int Tasks);

    /// <summary>What of the plugin the database holds, read from the provider's catalog and the store's tables.</summary>
    private static Task<Trace> TraceAsync(ShopFactory shop) => shop.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<ShopDbContext>();
        var catalog = db.Database.IsNpgsql()
            ? """SELECT table_name AS "Value" FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) LIKE 'interkassa%'"""
            : """SELECT name AS "Value" FROM sqlite_master WHERE type = 'table' AND lower(name) LIKE 'interkassa%'""";
        var tables = await db.Database.SqlQueryRaw<string>(catalog).ToListAsync();
        var settings = await db.Settings.AsNoTracking().Where(s => s.Name.ToLower().StartsWith("interkassa")).Select(s => s.Name).ToListAsync();
        var resources = await db.LocaleStringResources.AsNoTracking().CountAsync(r => r.ResourceName.ToLower().StartsWith("plugins.payments.interkassa."));
        var tasks = await db.ScheduleTasks.AsNoTracking().CountAsync(t => t.Type.ToLower().Contains("interkassa"));
        return new Trace(tables, settings, resources, tasks);
    });
}
