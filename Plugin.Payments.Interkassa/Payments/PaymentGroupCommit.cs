using Microsoft.Extensions.DependencyInjection;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// On SQLite, payments that arrive together commit together (group commit): a payment that finds others being applied
/// joins the next group, applied by <see cref="PaymentRecorder.ApplyAllAsync"/> in one store transaction. SQLite lets one
/// writer in at a time anyway, and a commit (its WAL sync) is about half of a payment's turn; a group pays for it once.
/// A caller returns only after its own payment is committed, so an answer never gets ahead of what it reports.
/// </summary>
/// <remarks>
/// <para>No thread of its own: the first waiting caller applies the group for everyone queued (up to <see cref="MaxGroup"/>),
/// in arrival order, in a scope of its own. Each payment decides on what the ones before it wrote, exactly as if each had
/// committed alone: two deliveries for one order in one group see each other.</para>
/// <para>When a group fails — one payment throws, or the commit does — nothing of it was committed, and each payment is
/// applied again alone, so a failure stays with the delivery it belongs to. A process killed meanwhile leaves nothing of
/// the group and has answered none of it: Interkassa sends each again.</para>
/// <para>On PostgreSQL transactions run side by side, each holding only its own order's lock; there each payment keeps its
/// own transaction (<see cref="GroupsPayments"/> is false).</para>
/// </remarks>
public sealed class PaymentGroupCommit : IDisposable
{
    /// <summary>Payments per transaction at most, so a group holds the write lock for a few milliseconds only.</summary>
    public const int MaxGroup = 16;

    private readonly IServiceScopeFactory _scopes;
    private readonly IStoreDatabase _database;
    private readonly GroupCommitQueue<PaymentToApply, DeliveryOutcome> _queue;

    public PaymentGroupCommit(IServiceScopeFactory scopes, IStoreDatabase database)
    {
        _scopes = scopes;
        _database = database;
        _queue = new(MaxGroup, ApplyGroupAsync);
    }

    /// <summary>Payments waiting for the next group (for tests and diagnostics).</summary>
    internal int Queued => _queue.Queued;

    /// <summary>Callers inside <see cref="ApplyAsync"/>, queued or being applied (for tests and diagnostics).</summary>
    internal int Applying => _queue.Waiting;

    /// <summary>True where payments are grouped (SQLite); elsewhere apply each with <see cref="PaymentRecorder.ApplyAsync"/>.</summary>
    public bool GroupsPayments => _database.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Applies <paramref name="payment"/> and returns its outcome once committed; throws what its own application threw.
    /// Not cancellable: a payment that joined a group is applied with it even if its caller has gone.
    /// </summary>
    public Task<DeliveryOutcome> ApplyAsync(PaymentToApply payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return _queue.SubmitAsync(payment);
    }

    public void Dispose() => _queue.Dispose();

    private async Task ApplyGroupAsync(IReadOnlyList<GroupCommitEntry<PaymentToApply, DeliveryOutcome>> group)
    {
        if (group.Count > 1)
        {
            try
            {
                var outcomes = await ApplyTogetherAsync(group);
                for (var i = 0; i < group.Count; i++)
                    group[i].Done.TrySetResult(outcomes[i]);
                return;
            }
            catch (Exception)
            {
                // Nothing of the group was committed; the failure is traced by the delivery it belongs to, applied alone.
            }
        }

        foreach (var entry in group)
        {
            try
            {
                entry.Done.TrySetResult((await ApplyTogetherAsync([entry]))[0]);
            }
            catch (Exception ex)
            {
                entry.Done.TrySetException(ex);
            }
        }
    }

    private async Task<IReadOnlyList<DeliveryOutcome>> ApplyTogetherAsync(IReadOnlyList<GroupCommitEntry<PaymentToApply, DeliveryOutcome>> group)
    {
        // A journal row a failed attempt inserted was rolled back with it: it is inserted anew.
        foreach (var entry in group)
            entry.Item.Journal.Id = 0;
        await using var scope = _scopes.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<PaymentRecorder>();
        return await recorder.ApplyAllAsync([.. group.Select(e => e.Item)]);
    }
}
