using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Stores the journal rows that need no transaction of their own — refusals, repeats, waits — committed together
/// (group commit): deliveries that arrive while a batch is being written are written by the next batch, all or none of
/// it. A burst costs one commit per batch instead of one per delivery, and on SQLite one writer of this process at a
/// time instead of sixteen meeting each other in the busy handler. A caller returns only once its own row is
/// committed, so an answer never gets ahead of its trace.
/// </summary>
/// <remarks>
/// On SQLite a batch is a store transaction (this process's write turn, one commit). On PostgreSQL it is one statement
/// batch and nothing more: PostgreSQL runs the statements of a batch sent without a transaction as one implicit
/// transaction, so the batch is still all or none (<c>JournalWriterPostgresTests</c>) at one round trip instead of
/// two (the inserts with BEGIN, then COMMIT) and without the store transaction's own work.
/// <para>No thread of its own: the first waiting caller writes the batch for everyone queued (up to <see cref="MaxBatch"/>),
/// the others find their row committed when their turn comes. When the database refuses a batch, each of its rows is
/// tried alone, so one row it refuses fails only its own delivery; when the database is down, the batch fails at once.</para>
/// </remarks>
public sealed class JournalWriter(IServiceScopeFactory scopes, IStoreDatabase database) : IDisposable
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
        catch (DbUpdateException) when (batch.Count > 1)
        {
            await StoreOneByOneAsync(batch);
        }
        catch (Exception ex)
        {
            // The database itself failed (unreachable, read-only, full): every row of the batch shares the answer.
            batch.ForEach(p => p.Stored.TrySetException(ex));
        }
    }

    /// <summary>
    /// After the database refused a batch: each row alone, so a row it refuses fails only its own delivery. Once it
    /// fails otherwise than by refusing a row, the rest share that failure rather than each waiting for it again.
    /// </summary>
    private async Task StoreOneByOneAsync(IReadOnlyList<PendingRow> batch)
    {
        Exception? outage = null;
        foreach (var pending in batch)
        {
            if (outage is not null)
            {
                pending.Stored.TrySetException(outage);
                continue;
            }
            try
            {
                pending.Row.Id = 0;
                await StoreAsync([pending]);
                pending.Stored.TrySetResult();
            }
            catch (DbUpdateException ex)
            {
                pending.Stored.TrySetException(ex);
            }
            catch (Exception ex)
            {
                outage = ex;
                pending.Stored.TrySetException(ex);
            }
        }
    }

    /// <summary>One batch in a scope of its own: on PostgreSQL one statement batch, on SQLite one store transaction (it waits for this process's turn to write).</summary>
    private async Task StoreAsync(IReadOnlyList<PendingRow> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterkassaDbContext>();
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // One statement batch (MaxBatch rows fit in one), atomic on its own: see the remarks.
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            db.Notifications.AddRange(batch.Select(p => p.Row));
            await db.SaveChangesAsync();
            return;
        }
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
