using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Two store processes (two hosts in this test process, each with its own container and connection pool) on one
/// PostgreSQL database, both running the auto-cancel rule over the same abandoned orders at the same moment.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class TwoProcessAutoCancelTests
{
    private const int Orders = 4;

    private InterkassaStore _store = null!;
    private ShopFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: true, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        _second = await _store.StartSecondProcessAsync(Operate.NoBackgroundTasks);
        using var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.PaymentLifetimeMinutes"] = "60",
            ["Input.AutoCancelEnabled"] = "true",
            ["Input.AutoCancelHours"] = "2",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "rule switched on");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Both_processes_running_the_rule_at_once_cancel_each_abandoned_order_once_with_one_note_each()
    {
        var purchases = new List<Purchase>();
        for (var i = 0; i < Orders; i++)
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            await AutoCancelTests.AgeAsync(_store.Shop, purchase.Order.Id, TimeSpan.FromHours(3));
            purchases.Add(purchase);
        }

        // Each process runs the rule three times concurrently with the other (six runs racing over the same orders).
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { RunAsync(_store.Shop), RunAsync(_second) }));

        var orders = await Task.WhenAll(purchases.Select(p => _store.ReloadAsync(p.Order)));
        var notes = await Task.WhenAll(orders.Select(o => _store.NotesAsync(o)));
        var journal = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications.AsNoTracking()
            .Where(n => n.Source == JournalSources.AutoCancel).Select(n => n.OrderId).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(o => o.OrderStatus), Is.All.EqualTo(OrderStatus.Cancelled));
            Assert.That(runs.Sum(), Is.EqualTo(Orders), "each order cancelled by exactly one run");
            Assert.That(notes.Select(n => n.Count(x => x.Note.Contains("не был оплачен в течение 2 ч", StringComparison.Ordinal))), Is.All.EqualTo(1),
                "one buyer note per order");
            Assert.That(notes.Select(n => n.Count(x => x.Note.Contains("заказ отменён автоматически", StringComparison.Ordinal))), Is.All.EqualTo(1),
                "one admin note per order");
            Assert.That(journal.Order(), Is.EqualTo(orders.Select(o => (int?)o.Id).Order()), "one journal row per order");
        });
    }

    private static Task<int> RunAsync(ShopFactory shop) =>
        shop.WithScopeAsync(services => services.GetRequiredService<UnpaidOrderCancellation>().RunAsync(CancellationToken.None));
}
