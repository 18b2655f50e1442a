using Microsoft.EntityFrameworkCore;

namespace Shop.Abstractions.Data;

/// <summary>The database engines the store runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Addition to nopCommerce (there: linq2db's <c>IRepository&lt;T&gt;</c> and a FluentMigrator migration). The store's database, for plugins that keep their own tables in it: configure a plugin's
/// DbContext with the same provider and connection.
/// </summary>
public interface IStoreDatabase
{
    DatabaseProvider Provider { get; }

    /// <summary>Points <paramref name="options"/> at the store's database with the store's provider.</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>
    /// Like <see cref="Configure(DbContextOptionsBuilder)"/>, with the plugin's own migrations history table
    /// (e.g. "__InterkassaMigrationsHistory") so its migrations never mix with the store's.
    /// </summary>
    void Configure(DbContextOptionsBuilder options, string? migrationsHistoryTable);
}
