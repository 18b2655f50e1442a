using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Orders;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

/// <summary>
/// Delivers the <c>OrderPaidEvent</c> of every order whose stamp (<see cref="ShopDbContext.OrderPaidEventDueUtc"/>) is past
/// due: the process that paid it stopped before the event reached its consumers (<see cref="PaidEventLedger"/>). Each
/// overdue order is taken by a conditional UPDATE that moves its stamp forward, so with several store processes on one
/// database exactly one of them delivers it, and if that one stops too the stamp falls due again.
/// </summary>
public sealed class OverduePaidEventRedelivery(IServiceScopeFactory scopes, PaidEventLedger ledger, TimeProvider time,
    ILogger<OverduePaidEventRedelivery> logger) : BackgroundService
{
    /// <summary>Overdue orders taken per look.</summary>
    private const int MaxPerLook = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first look waits one interval: start-up (migrations) finishes first.
            using var timer = new PeriodicTimer(ledger.PollInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await RedeliverOverdueAsync(stoppingToken) == MaxPerLook)
                    {
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Looking for paid events that were never delivered failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Delivers the overdue events found in one look; returns how many orders the look found.</summary>
    public async Task<int> RedeliverOverdueAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var overdue = await db.Orders.AsNoTracking()
            .Where(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc) < now)
            .OrderBy(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc))
            .Select(o => o.Id).Take(MaxPerLook).ToListAsync(cancellationToken);
        var orders = scope.ServiceProvider.GetRequiredService<IOrderService>();
        var delivery = scope.ServiceProvider.GetRequiredService<OrderPaidEventDelivery>();
        var transactions = scope.ServiceProvider.GetRequiredService<StoreTransactions>();
        foreach (var orderId in overdue)
        {
            int taken;
            // A store transaction, so on SQLite the claim waits for this process's turn to write like every other writer;
            // the event goes out after it has ended, as after a payment.
            await using (var transaction = await transactions.BeginAsync(cancellationToken))
            {
                var nextDue = ledger.DueUtc();
                taken = await db.Orders
                    .Where(o => o.Id == orderId && EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc) < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc), nextDue),
                        cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            if (taken == 0)
                continue; // confirmed meanwhile, or another process took it
            var order = await orders.GetOrderByIdAsync(orderId);
            if (order is null)
                continue;
            logger.LogWarning("Order {OrderId} was paid but its OrderPaidEvent never reached the consumers; delivering it now", orderId);
            await delivery.DeliverAsync(order);
        }
        return overdue.Count;
    }
}
