using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Two store processes (two hosts in this test process, each with its own container and connection pool) on one
/// PostgreSQL database, both reconciling the same cabinet refunds at the same moment.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class TwoProcessCabinetRefundTests
{
    private const int Orders = 4;

    private readonly EventCounter<OrderRefundedEvent> _refundedInFirst = new();
    private readonly EventCounter<OrderRefundedEvent> _refundedInSecond = new();
    private InterkassaStore _store = null!;
    private ShopFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: true, new ShopFactoryOptions
        {
            Settings = Operate.NoBackgroundTasks,
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderRefundedEvent>>(_refundedInFirst),
        });
        _second = await _store.StartSecondProcessAsync(Operate.NoBackgroundTasks, services => services.AddSingleton<IConsumer<OrderRefundedEvent>>(_refundedInSecond));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Both_processes_reconciling_at_once_record_each_cabinet_refund_exactly_once()
    {
        var purchases = new List<Purchase>();
        for (var i = 0; i < Orders; i++)
        {
            var purchase = await _store.PaidPurchaseAsync();
            // Even orders refunded in full, odd ones partly.
            await _store.RefundAsync(purchase, i % 2 == 0 ? null : "15.00");
            purchases.Add(purchase);
        }

        // Each process runs reconciliation three times concurrently with the other (six runs racing over the same orders).
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { _store.Shop.ReconcileAsync(), _second.ReconcileAsync() }));
        var orders = await Task.WhenAll(purchases.Select(p => _store.ReloadAsync(p.Order)));
        var notes = await Task.WhenAll(orders.Select(o => _store.CabinetNotesAsync(o)));
        var rows = await Task.WhenAll(orders.Select(o => _store.Shop.RefundRowsAsync(o)));

        Assert.Multiple(() =>
        {
            Assert.That(runs.Sum(r => Cabinet.Of(r, orders[0]).Applied), Is.EqualTo(Orders), "each refund recorded by exactly one run");
            Assert.That(runs.Sum(r => Cabinet.Of(r, orders[0]).Errors), Is.Zero);
            for (var i = 0; i < Orders; i++)
            {
                var order = orders[i];
                Assert.That(order.PaymentStatus, Is.EqualTo(i % 2 == 0 ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded), $"order {order.Id}");
                Assert.That(order.RefundedAmount, Is.EqualTo(i % 2 == 0 ? 50m : 15m), $"order {order.Id}");
                Assert.That(notes[i], Has.Count.EqualTo(1), $"one note for order {order.Id}");
                Assert.That(rows[i], Has.Count.EqualTo(1), $"one claim for order {order.Id}");
                Assert.That(_refundedInFirst.Events.Count(e => e.Order.Id == order.Id) + _refundedInSecond.Events.Count(e => e.Order.Id == order.Id),
                    Is.EqualTo(1), $"one OrderRefundedEvent for order {order.Id} across both processes");
            }
        });
    }
}
