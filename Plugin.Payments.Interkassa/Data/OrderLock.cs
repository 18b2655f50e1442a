using Microsoft.EntityFrameworkCore;

namespace Plugin.Payments.Interkassa.Data;

/// <summary>The plugin's per-order lock, taken inside a store transaction by every path that changes an order's payment.</summary>
public static class OrderLock
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>
    /// Serialises writers for one order. On PostgreSQL the order's request rows stay locked until commit (a second writer
    /// waits and then sees the first's rows). On SQLite a store transaction holds the file's write lock from its BEGIN
    /// (IMMEDIATE, see <see cref="Shop.Abstractions.Data.IStoreTransactions"/>), so no other writer runs until it ends
    /// and there is nothing more to take: an UPDATE here would only rewrite pages for the commit to sync.
    /// </summary>
    public static Task LockOrderAsync(this InterkassaDbContext db, int orderId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The order lock is taken inside a store transaction: outside one it would hold nothing.");
        if (string.Equals(db.Database.ProviderName, SqliteProvider, StringComparison.Ordinal))
            return Task.CompletedTask;
        return db.Database.ExecuteSqlRawAsync(
            $$"""UPDATE "{{InterkassaDbContext.PaymentRequestTable}}" SET "OrderId" = "OrderId" WHERE "OrderId" = {0}""",
            [orderId], cancellationToken);
    }
}
