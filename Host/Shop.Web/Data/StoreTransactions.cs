using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shop.Abstractions.Data;

namespace Shop.Web.Data;

/// <summary>
/// The scope's store transaction: begun on the scope's <see cref="ShopDbContext"/> (so the store's services join it
/// by sharing that context), joined by plugin contexts through <see cref="IStoreTransaction.Enlist"/>. Events
/// published meanwhile wait for the commit, so no consumer hears of a change that was rolled back. On SQLite the
/// transaction first waits for this process's turn to write (<see cref="SqliteWriteGate"/>).
/// </summary>
public sealed class StoreTransactions(ShopDbContext db, SqliteWriteGate writeGate) : IStoreTransactions
{
    private StoreTransaction? _current;

    /// <summary>The open transaction of this scope, or null.</summary>
    public StoreTransaction? Current => _current is { IsOpen: true } current ? current : null;

    /// <summary>Runs <paramref name="action"/> once the open transaction has committed (dropped on rollback), or at once outside one.</summary>
    public Task AfterCommitOrNowAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Current is { } transaction)
        {
            transaction.AfterCommit(action);
            return Task.CompletedTask;
        }
        return action();
    }

    public async Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (Current is not null)
            throw new InvalidOperationException("A store transaction is already open in this scope.");
        var turn = await writeGate.EnterAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            _current = new StoreTransaction(db, transaction, turn);
            return _current;
        }
        catch
        {
            turn?.Dispose();
            throw;
        }
    }
}

/// <summary>One open store transaction; see <see cref="StoreTransactions"/>.</summary>
/// <param name="writeTurn">This process's turn to write on SQLite, passed on once the transaction has ended.</param>
public sealed class StoreTransaction(ShopDbContext db, IDbContextTransaction transaction, IDisposable? writeTurn = null) : IStoreTransaction
{
    private readonly List<DbContext> _enlisted = [];

    // Contexts that borrowed the store context's connection, with their own connection string to go back to.
    private readonly List<(DbContext Context, string? ConnectionString)> _borrowers = [];
    private readonly List<Func<Task>> _afterCommit = [];

    public bool IsOpen { get; private set; } = true;

    public void Enlist(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EnsureOpen();
        var connection = db.Database.GetDbConnection();
        if (!ReferenceEquals(context.Database.GetDbConnection(), connection))
        {
            _borrowers.Add((context, context.Database.GetConnectionString()));
            context.Database.SetDbConnection(connection, contextOwnsConnection: false);
        }
        context.Database.UseTransaction(transaction.GetDbTransaction());
        _enlisted.Add(context);
    }

    /// <summary>Runs <paramref name="action"/> once the transaction has committed; dropped on rollback.</summary>
    public void AfterCommit(Func<Task> action)
    {
        EnsureOpen();
        _afterCommit.Add(action);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        await transaction.CommitAsync(cancellationToken);
        Close();
        // Before the after-commit work, which may write again.
        writeTurn?.Dispose();
        foreach (var action in _afterCommit)
            await action();
        _afterCommit.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            Close();
            _afterCommit.Clear();
            // Entities the rolled-back work left tracked would otherwise be saved by the scope's next SaveChanges.
            db.ChangeTracker.Clear();
            foreach (var context in _enlisted)
                context.ChangeTracker.Clear();
        }
        await transaction.DisposeAsync();
        ReturnBorrowedConnections();
        writeTurn?.Dispose();
    }

    /// <summary>
    /// Gives each enlisted context a connection of its own again. Contexts are pooled: one left holding the store
    /// context's connection would carry it into another request.
    /// </summary>
    private void ReturnBorrowedConnections()
    {
        foreach (var (context, connectionString) in _borrowers)
        {
            context.Database.SetDbConnection(null);
            context.Database.SetConnectionString(connectionString);
        }
        _borrowers.Clear();
    }

    private void Close()
    {
        IsOpen = false;
        foreach (var context in _enlisted)
            context.Database.UseTransaction(null);
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
            throw new InvalidOperationException("The store transaction has ended.");
    }
}
