using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Tasks;
using Shop.Web.Services.Tasks;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// Two store processes (two hosts in this test process, each with its own container and connection pool) on one
/// PostgreSQL database, both reconciling the same lost payments at the same moment.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class TwoProcessReconciliationTests
{
    private const int Orders = 6;

    private readonly EventCounter<OrderPaidEvent> _paidInFirst = new();
    private readonly EventCounter<OrderPaidEvent> _paidInSecond = new();
    private InterkassaStore _store = null!;
    private ShopFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: true, new ShopFactoryOptions
        {
            Settings = Operate.NoBackgroundTasks,
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidInFirst),
        }, sandboxSettings: Operate.SingleDelivery);
        _second = await _store.StartSecondProcessAsync(Operate.NoBackgroundTasks, services => services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidInSecond));
        await _store.Shop.ReconcileYoungOrdersAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Both_processes_reconciling_at_once_mark_each_lost_payment_paid_exactly_once()
    {
        var purchases = new List<Purchase>();
        for (var i = 0; i < Orders; i++)
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            await _store.PayAsync(buyer, purchase, "success", ("dropFirst", "true"));
            purchases.Add(purchase);
        }

        var pendingBefore = (await Task.WhenAll(purchases.Select(p => _store.ReloadAsync(p.Order)))).Count(o => o.PaymentStatus == PaymentStatus.Pending);

        // Each process runs reconciliation three times concurrently with the other (six runs racing over the same orders).
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { _store.Shop.ReconcileAsync(), _second.ReconcileAsync() }));

        var storeId = purchases[0].Order.StoreId;
        var orders = await Task.WhenAll(purchases.Select(p => _store.ReloadAsync(p.Order)));
        var notes = await Task.WhenAll(orders.Select(o => _store.NotesAsync(o)));
        Assert.Multiple(() =>
        {
            Assert.That(pendingBefore, Is.EqualTo(Orders), "every notification was lost");
            Assert.That(orders.Select(o => o.PaymentStatus), Is.All.EqualTo(PaymentStatus.Paid));
            Assert.That(runs.Sum(r => r[storeId].Applied), Is.EqualTo(Orders), "each order applied by exactly one run");
            Assert.That(runs.Sum(r => r[storeId].Errors), Is.Zero);
            Assert.That(notes.Select(n => n.Count(x => x.Note.Contains(Operate.PaidNote, StringComparison.Ordinal))), Is.All.EqualTo(1), "one note per order");
            foreach (var order in orders)
            {
                Assert.That(_paidInFirst.Events.Count(e => e.Order.Id == order.Id) + _paidInSecond.Events.Count(e => e.Order.Id == order.Id),
                    Is.EqualTo(1), $"one OrderPaidEvent for order {order.Id} across both processes");
            }
        });
    }

    [Test]
    public async Task Run_now_in_both_processes_at_once_runs_the_task_in_one_of_them()
    {
        var taskId = await _store.Shop.WithScopeAsync(async services =>
            (await services.GetRequiredService<IScheduleTaskService>().GetTaskByTypeAsync(InterkassaReconciliationTask.TypeName))!.Id);

        var outcomes = await Task.WhenAll(
            _store.Shop.WithScopeAsync(services => services.GetRequiredService<ScheduleTaskExecutor>().RunAsync(taskId, onlyWhenDue: false, CancellationToken.None)),
            _second.WithScopeAsync(services => services.GetRequiredService<ScheduleTaskExecutor>().RunAsync(taskId, onlyWhenDue: false, CancellationToken.None)));

        // The lease lets one run at a time: the other is busy, or ran after the first had finished; neither fails.
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Has.Some.EqualTo(TaskRunOutcome.Succeeded));
            Assert.That(outcomes, Is.All.AnyOf(TaskRunOutcome.Succeeded, TaskRunOutcome.Busy));
        });
    }
}
