using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Stores the journal rows that need no transaction of their own — refusals, repeats, waits — committed together
/// (group commit): deliveries that arrive while a batch is being written are written by the next batch, in one store
/// transaction. A burst costs one commit per batch instead of one per delivery, and on SQLite one writer of this
/// process at a time instead of sixteen meeting each other in the busy handler. A caller returns only once its own
/// row is committed, so an answer never gets ahead of its trace.
/// </summary>
/// <remarks>
/// No thread of its own: the first waiting caller writes the batch for everyone queued (up to <see cref="MaxBatch"/>),
/// the others find their row committed when their turn comes. When a batch fails, each of its rows is tried alone, so
/// one row the database refuses fails only its own delivery.
/// </remarks>
public sealed class JournalWriter(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>Rows per transaction at most, so one commit stays short.</summary>
    public const int MaxBatch = 64;

    private readonly ConcurrentQueue<PendingRow> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>
    /// Stores <paramref name="row"/> and returns once it is committed; throws what the database threw when it was not.
    /// Not cancellable: a delivery that was decided keeps its trace even if its caller has gone.
    /// </summary>
    public async Task AppendAsync(NotificationRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var pending = new PendingRow(row);
        _queue.Enqueue(pending);
        await _turn.WaitAsync();
        try
        {
            // Rows leave the queue in order, so each batch brings this row closer; usually an earlier writer took it.
            while (!pending.Stored.Task.IsCompleted)
                await WriteBatchAsync();
        }
        finally
        {
            _turn.Release();
        }

        await pending.Stored.Task;
    }

    public void Dispose() => _turn.Dispose();

    private async Task WriteBatchAsync()
    {
        var batch = new List<PendingRow>();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            batch.Add(next);

        try
        {
            await StoreAsync(batch);
            batch.ForEach(p => p.Stored.TrySetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
                await StoreAloneAsync(pending);
        }
        catch (Exception ex)
        {
            batch[0].Stored.TrySetException(ex);
        }
    }

    private async Task StoreAloneAsync(PendingRow pending)
    {
        try
        {
            pending.Row.Id = 0;
            await StoreAsync([pending]);
            pending.Stored.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Stored.TrySetException(ex);
        }
    }

    /// <summary>One store transaction (on SQLite it waits for this process's turn to write) in a scope of its own.</summary>
    private async Task StoreAsync(IReadOnlyList<PendingRow> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterkassaDbContext>();
        await using var transaction = await scope.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
        transaction.Enlist(db);
        db.Notifications.AddRange(batch.Select(p => p.Row));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private sealed class PendingRow(NotificationRecord row)
    {
        public NotificationRecord Row { get; } = row;

        // Completed off the writer's stack, so a caller's continuation never runs inside another caller's batch.
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
