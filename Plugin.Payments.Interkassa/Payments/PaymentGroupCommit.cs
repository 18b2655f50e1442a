using System.Collections.Concurrent;
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
public sealed class PaymentGroupCommit(IServiceScopeFactory scopes, IStoreDatabase database) : IDisposable
{
    /// <summary>Payments per transaction at most, so a group holds the write lock for a few milliseconds only.</summary>
    public const int MaxGroup = 16;

    private readonly ConcurrentQueue<PendingPayment> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _applying;

    /// <summary>Payments waiting for the next group (for tests and diagnostics).</summary>
    internal int Queued => _queue.Count;

    /// <summary>Callers inside <see cref="ApplyAsync"/>, queued or being applied (for tests and diagnostics).</summary>
    internal int Applying => Volatile.Read(ref _applying);

    /// <summary>True where payments are grouped (SQLite); elsewhere apply each with <see cref="PaymentRecorder.ApplyAsync"/>.</summary>
    public bool GroupsPayments => database.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Applies <paramref name="payment"/> and returns its outcome once committed; throws what its own application threw.
    /// Not cancellable: a payment that joined a group is applied with it even if its caller has gone.
    /// </summary>
    public async Task<DeliveryOutcome> ApplyAsync(PaymentToApply payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var pending = new PendingPayment(payment);
        Interlocked.Increment(ref _applying);
        try
        {
            _queue.Enqueue(pending);
            await _turn.WaitAsync();
            try
            {
                // Payments leave the queue in order, so each group brings this one closer; usually an earlier caller took it.
                while (!pending.Applied.Task.IsCompleted)
                    await ApplyGroupAsync();
            }
            finally
            {
                _turn.Release();
            }

            return await pending.Applied.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _applying);
        }
    }

    public void Dispose() => _turn.Dispose();

    private async Task ApplyGroupAsync()
    {
        var group = new List<PendingPayment>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
            group.Add(next);
        if (group.Count == 1)
        {
            await ApplyAloneAsync(group[0]);
            return;
        }

        IReadOnlyList<DeliveryOutcome> outcomes;
        try
        {
            outcomes = await ApplyAllAsync(group);
        }
        catch (Exception)
        {
            // Nothing of the group was committed; the failure is traced by the delivery it belongs to, applied alone.
            foreach (var pending in group)
                await ApplyAloneAsync(pending);
            return;
        }

        for (var i = 0; i < group.Count; i++)
            group[i].Applied.TrySetResult(outcomes[i]);
    }

    private async Task ApplyAloneAsync(PendingPayment pending)
    {
        try
        {
            pending.Applied.TrySetResult((await ApplyAllAsync([pending]))[0]);
        }
        catch (Exception ex)
        {
            pending.Applied.TrySetException(ex);
        }
    }

    private async Task<IReadOnlyList<DeliveryOutcome>> ApplyAllAsync(IReadOnlyList<PendingPayment> group)
    {
        // A journal row a failed attempt inserted was rolled back with it: it is inserted anew.
        foreach (var pending in group)
            pending.Payment.Journal.Id = 0;
        await using var scope = scopes.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<PaymentRecorder>();
        return await recorder.ApplyAllAsync([.. group.Select(p => p.Payment)]);
    }

    private sealed class PendingPayment(PaymentToApply payment)
    {
        public PaymentToApply Payment { get; } = payment;

        // Completed off the applier's stack, so a caller's continuation never runs inside another caller's group.
        public TaskCompletionSource<DeliveryOutcome> Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
