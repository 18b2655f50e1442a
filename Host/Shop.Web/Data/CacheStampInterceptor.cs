using System.Collections.Frozen;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shop.Web.Data;

/// <summary>
/// Notices every write to a table <see cref="ShopCache"/> keeps (SaveChanges, ExecuteUpdate/ExecuteDelete, raw SQL)
/// whoever makes it — the store's services, its admin pages, a plugin through the store's services — and replaces the
/// version stamp in the same transaction, so no writer has to remember to invalidate. This process drops its copy at
/// once, and again when the surrounding transaction commits or rolls back (a reader in between may have reloaded the
/// old rows).
/// </summary>
public sealed partial class CacheStampInterceptor(ShopCache cache) : IDbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly FrozenSet<string> CachedTables = FrozenSet.Create(StringComparer.Ordinal,
        "Settings", "LocaleStringResources", "Languages", "Currencies", "Countries", "Stores", "InstalledPlugins");

    /// <summary>Starts the stamp's own statement, so it is not taken for another write.</summary>
    private const string StampMarker = "/* shop.cache.stamp */";

    private const string StampSql = StampMarker + " INSERT INTO \"Settings\" (\"Name\", \"Value\", \"StoreId\") VALUES ({0}, {1}, 0) "
        + "ON CONFLICT (\"Name\", \"StoreId\") DO UPDATE SET \"Value\" = excluded.\"Value\"";

    private readonly ConditionalWeakTable<DbContext, object> _savesTouchingCache = [];
    private readonly ConditionalWeakTable<DbTransaction, object> _transactionsTouchingCache = [];

    [GeneratedRegex("""^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(?:Settings|LocaleStringResources|Languages|Currencies|Countries|Stores|InstalledPlugins)"\s""",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex WriteToCachedTable();

    // --- ExecuteUpdate, ExecuteDelete, raw SQL.

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (IsCachedTableWrite(command, eventData) is { } db)
            Stamp(db, command.Transaction);
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (IsCachedTableWrite(command, eventData) is { } db)
            await StampAsync(db, command.Transaction, cancellationToken);
        return result;
    }

    // --- SaveChanges: the rows are known from the change tracker; the stamp is written once the batch is through.

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteCachedChanges(eventData?.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        NoteCachedChanges(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData?.Context is ShopDbContext db && _savesTouchingCache.Remove(db))
            Stamp(db, db.Database.CurrentTransaction?.GetDbTransaction());
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData?.Context is ShopDbContext db && _savesTouchingCache.Remove(db))
            await StampAsync(db, db.Database.CurrentTransaction?.GetDbTransaction(), cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData?.Context is { } context)
            _savesTouchingCache.Remove(context);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    // --- The end of a transaction that wrote to a cached table.

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => EndOf(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndOf(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => EndOf(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndOf(transaction);
        return Task.CompletedTask;
    }

    private ShopDbContext? IsCachedTableWrite(DbCommand command, CommandExecutedEventData eventData)
    {
        if (eventData?.Context is not ShopDbContext db || command is null || _savesTouchingCache.TryGetValue(db, out _))
            return null;
        var sql = command.CommandText;
        return !sql.StartsWith(StampMarker, StringComparison.Ordinal) && WriteToCachedTable().IsMatch(sql) ? db : null;
    }

    private void NoteCachedChanges(DbContext? context)
    {
        if (context is not ShopDbContext db)
            return;
        var touches = db.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Metadata.GetTableName() is { } table && CachedTables.Contains(table));
        if (touches)
            _savesTouchingCache.AddOrUpdate(db, this);
    }

    private async Task StampAsync(ShopDbContext db, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString("N");
        await db.Database.ExecuteSqlRawAsync(StampSql, [ShopCache.StampSettingName, stamp], cancellationToken);
        AfterStamp(stamp, transaction);
    }

    private void Stamp(ShopDbContext db, DbTransaction? transaction)
    {
        var stamp = Guid.NewGuid().ToString("N");
        db.Database.ExecuteSqlRaw(StampSql, ShopCache.StampSettingName, stamp);
        AfterStamp(stamp, transaction);
    }

    private void AfterStamp(string stamp, DbTransaction? transaction)
    {
        if (transaction is null)
        {
            cache.Invalidate(stamp);
            return;
        }
        cache.Invalidate();
        _transactionsTouchingCache.AddOrUpdate(transaction, stamp);
    }

    private void EndOf(DbTransaction transaction)
    {
        if (transaction is not null && _transactionsTouchingCache.TryGetValue(transaction, out var stamp))
        {
            _transactionsTouchingCache.Remove(transaction);
            cache.Invalidate(stamp as string);
        }
    }
}
