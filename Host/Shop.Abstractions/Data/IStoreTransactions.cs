using Microsoft.EntityFrameworkCore;

namespace Shop.Abstractions.Data;

/// <summary>
/// Addition to nopCommerce (there: a <c>TransactionScope</c>). One transaction on the store's database shared by the store's services of the current scope (orders, order
/// notes, events) and by the plugin DbContexts enlisted in it: everything written through them commits together
/// or not at all. On SQLite the transaction takes the write lock when it begins (BEGIN IMMEDIATE), so read
/// what you can before beginning.
/// </summary>
public interface IStoreTransactions
{
    Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken = default);
}

/// <summary>A transaction begun by <see cref="IStoreTransactions"/>; disposing it without committing rolls back.</summary>
public interface IStoreTransaction : IAsyncDisposable
{
    /// <summary>Runs a plugin's DbContext (configured with <see cref="IStoreDatabase.Configure(DbContextOptionsBuilder)"/>) inside this transaction.</summary>
    void Enlist(DbContext context);

    /// <summary>Commits; domain events published inside the transaction reach their consumers only now.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
