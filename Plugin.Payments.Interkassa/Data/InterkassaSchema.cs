using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Data;

/// <summary>
/// Creates, upgrades and drops the plugin's tables in the store's database. Version 1 is the model's
/// create script; each later version is one idempotent step, so install and update end in the same schema.
/// </summary>
public sealed class InterkassaSchema(InterkassaDbContext context, IStoreDatabase storeDatabase)
{
    /// <summary>The schema version this build of the plugin expects.</summary>
    public const int CurrentVersion = 2;

    // Steps after version 1, in order; each must be safe to run on SQLite and PostgreSQL alike.
    private static readonly IReadOnlyList<(int Version, string Sql)> Upgrades =
    [
        (2, $"""CREATE INDEX IF NOT EXISTS "IX_{InterkassaDbContext.NotificationTable}_Verdict" ON "{InterkassaDbContext.NotificationTable}" ("Verdict")"""),
    ];

    /// <summary>Creates the tables when missing and brings them to <see cref="CurrentVersion"/>.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        if (!await TableExistsAsync(InterkassaDbContext.PaymentRequestTable, cancellationToken))
        {
            var script = context.Database.GenerateCreateScript();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await context.Database.ExecuteSqlRawAsync(script, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await UpgradeAsync(fromVersion: 1, cancellationToken);
    }

    /// <summary>Runs the steps after <paramref name="fromVersion"/>.</summary>
    public async Task UpgradeAsync(int fromVersion, CancellationToken cancellationToken = default)
    {
        foreach (var (version, sql) in Upgrades)
        {
            if (version > fromVersion)
                await context.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    /// <summary>Drops every table the plugin owns.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        // Table names are the plugin's own constants, never input.
        foreach (var table in InterkassaDbContext.TableNames)
        {
            var sql = "DROP TABLE IF EXISTS \"" + table + "\"";
            await context.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }

    /// <summary>Whether a table of this name exists in the store's database.</summary>
    public async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        var sql = storeDatabase.Provider == DatabaseProvider.Sqlite
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = {0}";
        var count = await context.Database.SqlQueryRaw<int>(sql, table).SingleAsync(cancellationToken);
        return count > 0;
    }
}
