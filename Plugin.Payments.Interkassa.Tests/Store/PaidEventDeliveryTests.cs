using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Data;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Orders;
using Shop.Web.Data;
using Shop.Web.Services.Orders;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>
/// An order's OrderPaidEvent is not lost with the process that paid it: the mark-paid stamps the order in the same
/// statement, the stamp is cleared once the event reached the consumers, and a stamp left past due (the process stopped
/// between the commit and the consumers) has the event delivered then, once, whoever looks.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[Category(TestCategories.Database)]
public sealed class PaidEventDeliveryTests(string database)
{
    private EventCounter<OrderPaidEvent> _paid = null!;
    private ConfirmationRefusal _refusal = null!;
    private RedeliveryClaims _claims = null!;
    private ShopFactory _shop = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // A fresh counter and store per test: NUnit runs a fixture's tests on one instance.
        _paid = new EventCounter<OrderPaidEvent>();
        _refusal = new ConfirmationRefusal();
        _claims = new RedeliveryClaims();
        var options = new ShopFactoryOptions
        {
            ConfigureServices = s => s.AddSingleton<IConsumer<OrderPaidEvent>>(_paid).AddSingleton<IInterceptor>(_refusal)
                .AddSingleton<IInterceptor>(_claims),
        };
        _shop = database == "postgres" ? await ShopFactory.StartOnPostgresAsync(options) : await ShopFactory.StartAsync(options);
    }

    [TearDown]
    public async Task StopAsync() => await _shop.DisposeAsync();

    [Test]
    public async Task A_paid_order_has_one_event_and_its_stamp_is_cleared_once_the_event_is_out()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);

        await _shop.WithScopeAsync(services => services.GetRequiredService<OrderProcessingService>().TryMarkOrderAsPaidAsync(order));
        await StampClearedAsync(order.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(_paid.Events.Select(e => e.Order.Id), Is.EqualTo(new[] { order.Id }), "one event, for this order");
            Assert.That(await RedeliverAsync(), Is.Zero, "nothing is left to deliver again");
            Assert.That(_paid.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_event_lost_with_its_process_after_the_commit_is_delivered_once_when_due()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);

        await PayAndStopBeforeTheConsumersAsync(order);

        Assert.Multiple(async () =>
        {
            Assert.That((await OrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "the payment was committed");
            Assert.That(_paid.Count, Is.Zero, "the consumers never heard of it");
            Assert.That(await StampAsync(order.Id), Is.Not.Null, "the order is stamped by the same statement that paid it");
            Assert.That(await RedeliverAsync(), Is.Zero, "not due yet: a live process still has time to deliver it");
            Assert.That(_paid.Count, Is.Zero);
        });

        await MakeDueAsync(order.Id);
        Assert.That(await RedeliverAsync(), Is.EqualTo(1));
        await StampClearedAsync(order.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(_paid.Events.Select(e => e.Order.Id), Is.EqualTo(new[] { order.Id }), "delivered when due");
            Assert.That(_paid.Events.Single().Order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "the event carries the order as stored");
            Assert.That(await RedeliverAsync(), Is.Zero, "and only once");
            Assert.That(_paid.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Overdue_events_looked_for_from_several_places_at_once_are_each_delivered_once()
    {
        var orders = new List<Order>();
        for (var i = 0; i < 8; i++)
        {
            var order = await TestOrders.CreatePendingAsync(_shop);
            await PayAndStopBeforeTheConsumersAsync(order);
            await MakeDueAsync(order.Id);
            orders.Add(order);
        }

        // Each look has its own scope and connection, as another store process would: only the database decides.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RedeliverAsync())));
        foreach (var order in orders)
            await StampClearedAsync(order.Id);

        Assert.That(_paid.Events.Select(e => e.Order.Id).Order(), Is.EqualTo(orders.Select(o => o.Id).Order()),
            "every overdue event delivered, none twice");
    }

    [Test]
    public async Task An_overdue_order_is_claimed_in_a_store_transaction_so_on_SQLite_it_takes_its_turn_to_write()
    {
        // A write outside a store transaction would skip this process's write turn (SqliteWriteGate) and meet SQLite's
        // sleeping busy handler whenever a payment holds the file.
        var order = await TestOrders.CreatePendingAsync(_shop);
        await PayAndStopBeforeTheConsumersAsync(order);
        await MakeDueAsync(order.Id);

        Assert.That(await RedeliverAsync(), Is.EqualTo(1));

        Assert.Multiple(() =>
        {
            Assert.That(_claims.InTransaction, Is.EqualTo(new[] { true }), "one claim, sent inside a transaction");
            Assert.That(_paid.Events.Select(e => e.Order.Id), Is.EqualTo(new[] { order.Id }));
        });
    }

    [Test]
    public async Task A_confirmation_the_database_refuses_is_kept_and_written_once_it_accepts_so_the_event_is_not_delivered_twice()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);
        _refusal.Refusing = true;

        await _shop.WithScopeAsync(services => services.GetRequiredService<OrderProcessingService>().TryMarkOrderAsPaidAsync(order));
        Assert.That(await Poll.UntilAsync(() => Task.FromResult(_refusal.Refused >= 2)), Is.True,
            () => $"The confirmation was tried {_refusal.Refused} times in {Poll.Deadline}; expected it tried again after a refusal.");
        Assert.That(await StampAsync(order.Id), Is.Not.Null, "refused: the stamp is still there");

        _refusal.Refusing = false;
        await StampClearedAsync(order.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(await RedeliverAsync(), Is.Zero);
            Assert.That(_paid.Events.Select(e => e.Order.Id), Is.EqualTo(new[] { order.Id }), "delivered once, outage or not");
        });
    }

    [Test]
    public async Task A_payment_rolled_back_leaves_no_stamp_and_no_event()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);

        await _shop.WithScopeAsync(async services =>
        {
            await using var transaction = await services.GetRequiredService<IStoreTransactions>().BeginAsync();
            await services.GetRequiredService<IOrderProcessingService>().MarkOrderAsPaidAsync(order);
            // Disposed without a commit: rolled back.
        });

        Assert.Multiple(async () =>
        {
            Assert.That((await OrderAsync(order.Id)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(await StampAsync(order.Id), Is.Null);
            Assert.That(_paid.Count, Is.Zero);
        });
    }

    /// <summary>
    /// Pays <paramref name="order"/> in a store transaction whose commit reaches the database while the work that follows
    /// a commit (delivering the event) never runs: what a process killed right after the commit leaves behind.
    /// </summary>
    private Task PayAndStopBeforeTheConsumersAsync(Order order) => _shop.WithScopeAsync(async services =>
    {
        await using var transaction = await services.GetRequiredService<IStoreTransactions>().BeginAsync();
        await services.GetRequiredService<IOrderProcessingService>().MarkOrderAsPaidAsync(order);
        await services.GetRequiredService<ShopDbContext>().Database.CurrentTransaction!.CommitAsync();
    });

    /// <summary>The redelivery's look, as its timer runs it.</summary>
    private Task<int> RedeliverAsync() => _shop.Services.GetRequiredService<OverduePaidEventRedelivery>().RedeliverOverdueAsync();

    /// <summary>Moves the order's stamp into the past, as the clock would after <c>Events:RedeliverAfterSeconds</c>.</summary>
    private Task MakeDueAsync(int orderId) => _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders
        .Where(o => o.Id == orderId)
        .ExecuteUpdateAsync(s => s.SetProperty(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc), DateTime.UtcNow.AddSeconds(-1))));

    private Task<DateTime?> StampAsync(int orderId) => _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders
        .AsNoTracking().Where(o => o.Id == orderId).Select(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc)).SingleAsync());

    private Task<Order> OrderAsync(int orderId) =>
        _shop.WithScopeAsync(async services => (await services.GetRequiredService<IOrderService>().GetOrderByIdAsync(orderId))!);

    /// <summary>The stamp is cleared off the request, in batches: waits for it (or fails at the deadline).</summary>
    private async Task StampClearedAsync(int orderId) =>
        Assert.That(await Poll.UntilAsync(async () => await StampAsync(orderId) is null), Is.True,
            $"Order {orderId} still has its paid-event stamp after {Poll.Deadline}.");

    /// <summary>While <see cref="Refusing"/>, the database refuses the statement that clears paid-event stamps.</summary>
    private sealed class ConfirmationRefusal : DbCommandInterceptor
    {
        private int _refused;

        public volatile bool Refusing;

        public int Refused => Volatile.Read(ref _refused);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Refusing && command.CommandText.Contains("SET \"PaidEventDueUtc\" = NULL", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _refused);
                throw new InvalidOperationException("The database refuses writes (test).");
            }
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Whether each redelivery claim (the UPDATE that moves a past-due stamp forward) was sent inside a transaction.</summary>
    private sealed class RedeliveryClaims : DbCommandInterceptor
    {
        private readonly List<bool> _inTransaction = [];

        public IReadOnlyList<bool> InTransaction
        {
            get
            {
                lock (_inTransaction)
                    return [.. _inTransaction];
            }
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"PaidEventDueUtc\" < ", StringComparison.Ordinal)
                && command.CommandText.StartsWith("UPDATE", StringComparison.Ordinal))
            {
                lock (_inTransaction)
                    _inTransaction.Add(command.Transaction is not null);
            }
            return ValueTask.FromResult(result);
        }
    }
}
