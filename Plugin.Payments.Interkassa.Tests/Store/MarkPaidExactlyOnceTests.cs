using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Orders;
using Shop.Web.Services.Orders;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>
/// Marking an order paid is decided by the database: of many simultaneous callers (in one process or two) exactly one
/// moves it to Paid and raises one OrderPaidEvent; the others see "already paid" without an error.
/// </summary>
[Category(TestCategories.Database)]
public sealed class MarkPaidExactlyOnceTests
{
    private const int Callers = 50;

    [Test]
    public async Task Fifty_concurrent_callers_on_SQLite_mark_the_order_paid_once()
    {
        var paid = new EventCounter<OrderPaidEvent>();
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(paid) });
        var order = await TestOrders.CreatePendingAsync(shop);

        var outcomes = await MarkPaidConcurrentlyAsync([shop], order.Id);

        await AssertExactlyOnceAsync(shop, order.Id, outcomes, paid.Count);
    }

    [Test]
    public async Task Fifty_concurrent_callers_on_PostgreSQL_mark_the_order_paid_once()
    {
        var paid = new EventCounter<OrderPaidEvent>();
        await using var shop = await ShopFactory.StartOnPostgresAsync(new ShopFactoryOptions { ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(paid) });
        var order = await TestOrders.CreatePendingAsync(shop);

        var outcomes = await MarkPaidConcurrentlyAsync([shop], order.Id);

        await AssertExactlyOnceAsync(shop, order.Id, outcomes, paid.Count);
    }

    [Test]
    public async Task Two_store_processes_on_one_PostgreSQL_database_mark_the_order_paid_once()
    {
        var paidA = new EventCounter<OrderPaidEvent>();
        var paidB = new EventCounter<OrderPaidEvent>();
        await using var first = await ShopFactory.StartOnPostgresAsync(new ShopFactoryOptions { ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(paidA) });
        await using var second = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            ConnectionString = first.ConnectionString,
            ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(paidB),
        });
        var order = await TestOrders.CreatePendingAsync(first);

        var outcomes = await MarkPaidConcurrentlyAsync([first, second], order.Id);

        await AssertExactlyOnceAsync(first, order.Id, outcomes, paidA.Count + paidB.Count);
    }

    [Test]
    public async Task Payment_status_never_moves_backwards()
    {
        await using var shop = await ShopFactory.StartAsync();
        var order = await TestOrders.CreatePendingAsync(shop);

        var result = await shop.WithScopeAsync(async services =>
        {
            var processing = services.GetRequiredService<OrderProcessingService>();
            var first = await processing.TryMarkOrderAsPaidAsync(order);
            var voidRefused = !processing.CanVoidOffline(order);
            var voidThrows = false;
            try
            {
                await processing.VoidOfflineAsync(order);
            }
            catch (InvalidOperationException)
            {
                voidThrows = true;
            }
            await processing.RefundOfflineAsync(order);
            var afterRefund = order.PaymentStatus;
            var markAgain = await processing.TryMarkOrderAsPaidAsync(order);
            var canMarkRefunded = processing.CanMarkOrderAsPaid(order);
            return (first, voidRefused, voidThrows, afterRefund, markAgain, canMarkRefunded);
        });
        var stored = await TestOrders.ReloadAsync(shop, order.Id);

        Assert.Multiple(() =>
        {
            Assert.That(result.first, Is.EqualTo(MarkPaidOutcome.Marked));
            Assert.That(result.voidRefused && result.voidThrows, Is.True, "a paid order cannot be voided");
            Assert.That(result.afterRefund, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(result.markAgain, Is.EqualTo(MarkPaidOutcome.AlreadyPaid), "a refunded order is not paid again");
            Assert.That(result.canMarkRefunded, Is.False);
            Assert.That(stored.PaymentStatus, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(stored.RefundedAmount, Is.EqualTo(50m));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_paid_order_comes_back_as_the_database_stores_it_and_its_event_carries_that(bool onPostgres)
    {
        var paid = new EventCounter<OrderPaidEvent>();
        var options = new ShopFactoryOptions { ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(paid) };
        await using var shop = onPostgres ? await ShopFactory.StartOnPostgresAsync(options) : await ShopFactory.StartAsync(options);
        var order = await TestOrders.CreatePendingAsync(shop);
        // The caller's copy is stale: the transaction id was set after it was read.
        await shop.WithScopeAsync(services => ((IOrderTransactionIds)services.GetRequiredService<IOrderService>()).SetTransactionIdAsync(order.Id, "4200000001"));

        var outcome = await shop.WithScopeAsync(services => services.GetRequiredService<OrderProcessingService>().TryMarkOrderAsPaidAsync(order));
        var stored = await TestOrders.ReloadAsync(shop, order.Id);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(MarkPaidOutcome.Marked));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(order.OrderStatus, Is.EqualTo(OrderStatus.Processing), "a pending order moves on to processing");
            Assert.That(order.PaidDateUtc, Is.EqualTo(stored.PaidDateUtc).And.Not.Null);
            Assert.That(order.PaidDateUtc!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That((order.OrderTotal, order.RefundedAmount), Is.EqualTo((stored.OrderTotal, stored.RefundedAmount)));
            Assert.That((order.CaptureTransactionId, order.AuthorizationTransactionId), Is.EqualTo(("4200000001", "4200000001")));
            Assert.That((stored.PaymentStatus, stored.OrderStatus), Is.EqualTo((PaymentStatus.Paid, OrderStatus.Processing)));
            Assert.That(paid.Events.Select(e => (e.Order.Id, e.Order.PaymentStatus, e.Order.PaidDateUtc)),
                Is.EqualTo(new[] { (order.Id, PaymentStatus.Paid, stored.PaidDateUtc) }), "one event, with the order as paid");
        });
    }

    [Test]
    public async Task A_cancelled_order_cannot_be_marked_paid()
    {
        await using var shop = await ShopFactory.StartAsync();
        var order = await TestOrders.CreatePendingAsync(shop);

        var outcome = await shop.WithScopeAsync(async services =>
        {
            var processing = services.GetRequiredService<OrderProcessingService>();
            await processing.CancelOrderAsync(order);
            return await processing.TryMarkOrderAsPaidAsync(order);
        });
        var stored = await TestOrders.ReloadAsync(shop, order.Id);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(MarkPaidOutcome.NotAllowed));
            Assert.That(stored.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(stored.OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
        });
    }

    /// <summary>Each caller has its own scope (its own DbContext and connection), as separate requests would; they start together.</summary>
    private static async Task<MarkPaidOutcome[]> MarkPaidConcurrentlyAsync(IReadOnlyList<ShopFactory> shops, int orderId)
    {
        using var start = new SemaphoreSlim(0, Callers);
        var calls = Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            var shop = shops[i % shops.Count];
            var order = await TestOrders.ReloadAsync(shop, orderId);
            await start.WaitAsync();
            return await shop.WithScopeAsync(services => services.GetRequiredService<OrderProcessingService>().TryMarkOrderAsPaidAsync(order));
        })).ToList();
        start.Release(Callers);
        return await Task.WhenAll(calls);
    }

    private static async Task AssertExactlyOnceAsync(ShopFactory shop, int orderId, MarkPaidOutcome[] outcomes, int events)
    {
        var stored = await TestOrders.ReloadAsync(shop, orderId);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Count(o => o == MarkPaidOutcome.Marked), Is.EqualTo(1));
            Assert.That(outcomes.Count(o => o == MarkPaidOutcome.AlreadyPaid), Is.EqualTo(Callers - 1));
            Assert.That(events, Is.EqualTo(1));
            Assert.That(stored.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(stored.PaidDateUtc, Is.Not.Null);
        });
    }
}
