namespace Shop.Web.Data;

/// <summary>
/// On SQLite one writer holds the file at a time. Store transactions of this process queue here, in memory, for their
/// turn instead of in SQLite's busy handler, which sleeps in growing steps (1, 2, 5 … 100 ms) and so leaves the file idle
/// while writers sleep. Other processes on the same file, and writes outside a store transaction, still meet the busy
/// handler; the gate only spares this process's own transactions from it. On PostgreSQL there is no gate.
/// </summary>
public sealed class SqliteWriteGate(StoreDatabase database) : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this process's turn to write; dispose the result to pass the turn on.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != Shop.Abstractions.Data.DatabaseProvider.Sqlite)
            return null;
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>Released once, however often it is disposed.</summary>
    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private SemaphoreSlim? _turn = turn;

        public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
    }
}
