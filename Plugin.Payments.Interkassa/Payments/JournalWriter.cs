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
public sealed class JournalWriter : IDisposable
{
    /// <summary>Rows per transaction at most, so one commit stays short.</summary>
    public const int MaxBatch = 64;

    private readonly IServiceScopeFactory _scopes;
    private readonly IStoreDatabase _database;
    private readonly GroupCommitQueue<NotificationRecord, long> _queue;

    public JournalWriter(IServiceScopeFactory scopes, IStoreDatabase database)
    {
        _scopes = scopes;
        _database = database;
        _queue = new(MaxBatch, WriteBatchAsync);
    }

    /// <summary>
    /// Stores <paramref name="row"/> and returns once it is committed; throws what the database threw when it was not.
    /// Not cancellable: a delivery that was decided keeps its trace even if its caller has gone.
    /// </summary>
    public Task AppendAsync(NotificationRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _queue.SubmitAsync(row);
    }

    public void Dispose() => _queue.Dispose();

    private async Task WriteBatchAsync(IReadOnlyList<GroupCommitEntry<NotificationRecord, long>> batch)
    {
        try
        {
            await StoreAsync(batch);
            foreach (var entry in batch)
                entry.Done.TrySetResult(entry.Item.Id);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            await StoreOneByOneAsync(batch);
        }
        catch (Exception ex)
        {
            // The database itself failed (unreachable, read-only, full): every row of the batch shares the answer.
            foreach (var entry in batch)
                entry.Done.TrySetException(ex);
        }
    }

    /// <summary>
    /// After the database refused a batch: each row alone, so a row it refuses fails only its own delivery. Once it
    /// fails otherwise than by refusing a row, the rest share that failure rather than each waiting for it again.
    /// </summary>
    private async Task StoreOneByOneAsync(IReadOnlyList<GroupCommitEntry<NotificationRecord, long>> batch)
    {
        Exception? outage = null;
        foreach (var entry in batch)
        {
            if (outage is not null)
            {
                entry.Done.TrySetException(outage);
                continue;
            }
            try
            {
                entry.Item.Id = 0;
                await StoreAsync([entry]);
                entry.Done.TrySetResult(entry.Item.Id);
            }
            catch (DbUpdateException ex)
            {
                entry.Done.TrySetException(ex);
            }
            catch (Exception ex)
            {
                outage = ex;
                entry.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>One batch in a scope of its own: on PostgreSQL one statement batch, on SQLite one store transaction (it waits for this process's turn to write).</summary>
    private async Task StoreAsync(IReadOnlyList<GroupCommitEntry<NotificationRecord, long>> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterkassaDbContext>();
        if (_database.Provider == DatabaseProvider.PostgreSql)
        {
            // One statement batch (MaxBatch rows fit in one), atomic on its own: see the remarks.
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            db.Notifications.AddRange(batch.Select(e => e.Item));
            await db.SaveChangesAsync();
            return;
        }
        await using var transaction = await scope.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
        transaction.Enlist(db);
        db.Notifications.AddRange(batch.Select(e => e.Item));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}
