using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

/// <summary>
/// Makes <see cref="OrderPaidEvent"/> survive a process that stops between paying an order and telling its consumers.
/// The mark-paid UPDATE that pays the order also stamps it with a due time (<see cref="ShopDbContext.OrderPaidEventDueUtc"/>):
/// same statement, same transaction, so a paid order without the stamp cannot exist. Once the event has reached every
/// consumer, the stamp is cleared here, in batches (at most one a second) and off the request. A stamp still there when due means the event
/// never got out (<see cref="OverduePaidEventRedelivery"/> delivers it then). Delivery is at least once: a process that
/// stops after the consumers ran but before the stamp was cleared has the event delivered again.
/// </summary>
public sealed class PaidEventLedger(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time,
    ILogger<PaidEventLedger> logger) : BackgroundService
{
    /// <summary>Order ids per clearing statement.</summary>
    private const int MaxBatch = 500;

    /// <summary>
    /// Confirmations wait this long to be written together: under load one write a second instead of one per payment,
    /// and nothing depends on how soon a stamp goes (it falls due only after <see cref="RedeliverAfter"/>).
    /// </summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromSeconds(1);

    private readonly Channel<int> _delivered = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The last attempt failed: the next failure is not logged again, the next success is.</summary>
    private bool _failing;

    /// <summary>
    /// How long after paying an unconfirmed event counts as lost (<c>Events:RedeliverAfterSeconds</c>, 60): far longer than
    /// delivering and confirming takes, so a live process is not overtaken.
    /// </summary>
    public TimeSpan RedeliverAfter { get; } = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Events:RedeliverAfterSeconds", 60)));

    /// <summary>How often stamps past their due time are looked for (<c>Events:PollSeconds</c>, 30).</summary>
    public TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Events:PollSeconds", 30)));

    /// <summary>The stamp for an order paid now.</summary>
    public DateTime DueUtc() => DueUtc(time.GetUtcNow().UtcDateTime);

    /// <summary>The stamp for an order paid at <paramref name="paidOnUtc"/>.</summary>
    public DateTime DueUtc(DateTime paidOnUtc) => paidOnUtc + RedeliverAfter;

    /// <summary>The order's paid event reached its consumers: its stamp goes with the next batch.</summary>
    public void Delivered(int orderId) => _delivered.Writer.TryWrite(orderId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _delivered.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(GatherFor, time, stoppingToken);
                while (await ClearAsync(keepOnFailure: true, stoppingToken) == ClearOutcome.Cleared)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued gets one try below.
        }
        while (await ClearAsync(keepOnFailure: false, CancellationToken.None) == ClearOutcome.Cleared)
        {
        }
    }

    private enum ClearOutcome
    {
        Nothing,
        Cleared,
        Failed,
    }

    /// <summary>
    /// Clears the stamps of up to <see cref="MaxBatch"/> queued orders. When the database refuses, the batch goes back in
    /// the queue (<paramref name="keepOnFailure"/>) and is tried again after <see cref="GatherFor"/>: an outage does not
    /// turn into events delivered twice. Left behind at shutdown, the stamps fall due and the events go out again.
    /// </summary>
    private async Task<ClearOutcome> ClearAsync(bool keepOnFailure, CancellationToken cancellationToken)
    {
        var batch = new List<int>(MaxBatch);
        while (batch.Count < MaxBatch && _delivered.Reader.TryRead(out var orderId))
            batch.Add(orderId);
        if (batch.Count == 0)
            return ClearOutcome.Nothing;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var transactions = scope.ServiceProvider.GetRequiredService<StoreTransactions>();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            // A store transaction: on SQLite it waits for this process's turn to write like every other writer.
            await using var transaction = await transactions.BeginAsync(cancellationToken);
            await db.Orders.Where(o => batch.Contains(o.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc), (DateTime?)null),
                    cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (_failing)
                logger.LogInformation("Confirming delivered paid events works again");
            _failing = false;
            return ClearOutcome.Cleared;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
                logger.LogWarning(e, "Confirming the delivered paid events of {Count} orders failed; trying again every second", batch.Count);
            _failing = true;
            if (keepOnFailure)
            {
                foreach (var orderId in batch)
                    _delivered.Writer.TryWrite(orderId);
            }
            return ClearOutcome.Failed;
        }
    }
}

/// <summary>
/// Publishes an order's <see cref="OrderPaidEvent"/> once the transaction that paid it has committed (at once outside
/// one), then has <see cref="PaidEventLedger"/> clear the order's stamp.
/// </summary>
public sealed class OrderPaidEventDelivery(IEventPublisher events, StoreTransactions transactions, PaidEventLedger ledger)
{
    /// <summary>The stamp the mark-paid stores with an order paid at <paramref name="paidOnUtc"/>.</summary>
    public DateTime DueUtc(DateTime paidOnUtc) => ledger.DueUtc(paidOnUtc);

    public Task PublishAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return transactions.AfterCommitOrNowAsync(() => DeliverAsync(order));
    }

    /// <summary>Hands the event to every consumer now (the caller is outside any store transaction) and confirms it.</summary>
    public async Task DeliverAsync(Order order)
    {
        await events.PublishAsync(new OrderPaidEvent(order));
        ledger.Delivered(order.Id);
    }
}
