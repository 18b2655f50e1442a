using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Data;

namespace Shop.Web.Data;

/// <summary>
/// The store's database as chosen by <c>ConnectionStrings:Shop</c>: a SQLite <c>Data Source=…</c>
/// (relative paths are under the content root) or a PostgreSQL <c>Host=…</c> string.
/// </summary>
public sealed class StoreDatabase : IStoreDatabase
{
    /// <summary>Used when no connection string is configured.</summary>
    public const string DefaultConnectionString = "Data Source=App_Data/shop.db";

    private StoreDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The normalized connection string (absolute SQLite path, busy timeout set).</summary>
    public string ConnectionString { get; }

    /// <summary>Reads <c>ConnectionStrings:Shop</c>; throws <see cref="InvalidOperationException"/> naming the problem.</summary>
    public static StoreDatabase FromConfiguration(IConfiguration configuration, string contentRootPath)
    {
        var raw = configuration.GetConnectionString("Shop");
        if (string.IsNullOrWhiteSpace(raw))
            raw = DefaultConnectionString;

        var keys = new DbConnectionStringBuilder { ConnectionString = raw };
        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
            return new StoreDatabase(DatabaseProvider.PostgreSql, NormalizePostgres(raw));
        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
            return new StoreDatabase(DatabaseProvider.Sqlite, NormalizeSqlite(raw, contentRootPath));
        throw new InvalidOperationException(
            "ConnectionStrings:Shop must be a SQLite 'Data Source=…' or a PostgreSQL 'Host=…' connection string.");
    }

    public void Configure(DbContextOptionsBuilder options) => Configure(options, migrationsHistoryTable: null);

    public void Configure(DbContextOptionsBuilder options, string? migrationsHistoryTable)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(ConnectionString, o =>
                {
                    if (migrationsHistoryTable is not null)
                        o.MigrationsHistoryTable(migrationsHistoryTable);
                });
                SqliteTuning.Apply(options);
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(ConnectionString, o =>
                {
                    if (migrationsHistoryTable is not null)
                        o.MigrationsHistoryTable(migrationsHistoryTable);
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown provider {Provider}.");
        }
    }

    /// <summary>
    /// Statements the store runs over and over (a notification's reads and writes) are prepared on each pooled connection
    /// after their second use, so PostgreSQL parses and plans them once per connection rather than per request. A pooled
    /// connection is not reset (DISCARD ALL) when returned: the store keeps no session state (no SET, temporary tables,
    /// LISTEN or advisory locks), and a request opens several. An explicit setting in the connection string wins.
    /// </summary>
    private static string NormalizePostgres(string raw)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(raw);
        if (!raw.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !raw.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!raw.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) && !raw.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    private static string NormalizeSqlite(string raw, string contentRootPath)
    {
        var builder = new SqliteConnectionStringBuilder(raw);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, builder.DataSource));
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        // The command timeout; writers wait for each other inside SQLite (busy_timeout, see SqliteTuning).
        if (!raw.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}
