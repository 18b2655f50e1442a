using System.Collections.Concurrent;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The queue behind group commit (<see cref="JournalWriter"/>, <see cref="PaymentGroupCommit"/>). Callers queue an item
/// and take turns; the caller whose turn it is writes the next group (up to <c>maxGroup</c> items, in arrival order) for
/// everyone, so the others usually find their item done when their turn comes. No thread of its own. A caller returns
/// once its own item is done, with its own result or exception.
/// </summary>
/// <param name="maxGroup">Items per group at most, so one group stays short.</param>
/// <param name="writeGroup">Writes a group and completes each of its entries (an entry it leaves open fails).</param>
internal sealed class GroupCommitQueue<TItem, TResult>(int maxGroup, Func<IReadOnlyList<GroupCommitEntry<TItem, TResult>>, Task> writeGroup)
    : IDisposable
{
    private readonly ConcurrentQueue<GroupCommitEntry<TItem, TResult>> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _waiting;

    /// <summary>Items waiting for the next group (for tests and diagnostics).</summary>
    public int Queued => _queue.Count;

    /// <summary>Callers inside <see cref="SubmitAsync"/>, queued or being written (for tests and diagnostics).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Queues <paramref name="item"/> and returns its result once its group is written. Not cancellable: an item once queued is written.</summary>
    public async Task<TResult> SubmitAsync(TItem item)
    {
        var entry = new GroupCommitEntry<TItem, TResult>(item);
        Interlocked.Increment(ref _waiting);
        try
        {
            _queue.Enqueue(entry);
            await _turn.WaitAsync();
            try
            {
                // Entries leave the queue in order, so each group brings this one closer; usually an earlier caller took it.
                while (!entry.Done.Task.IsCompleted)
                    await WriteNextGroupAsync();
            }
            finally
            {
                _turn.Release();
            }

            return await entry.Done.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose() => _turn.Dispose();

    private async Task WriteNextGroupAsync()
    {
        var group = new List<GroupCommitEntry<TItem, TResult>>();
        while (group.Count < maxGroup && _queue.TryDequeue(out var next))
            group.Add(next);

        Exception? failure = null;
        try
        {
            await writeGroup(group);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // An entry left open would keep its caller waiting for ever: it fails with the group.
        foreach (var entry in group)
            entry.Done.TrySetException(failure ?? new InvalidOperationException("The group was written without an outcome for this item."));
    }
}

/// <summary>One queued item of a <see cref="GroupCommitQueue{TItem, TResult}"/> and what became of it.</summary>
internal sealed class GroupCommitEntry<TItem, TResult>(TItem item)
{
    public TItem Item { get; } = item;

    // Completed off the writer's stack, so a caller's continuation never runs inside another caller's group.
    public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
