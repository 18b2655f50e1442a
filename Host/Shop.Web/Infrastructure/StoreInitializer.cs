using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Shop.Abstractions.Data;
using Shop.Web.Data;
using Shop.Web.PluginSystem;
using Shop.Web.Services.Localization;

namespace Shop.Web.Infrastructure;

/// <summary>
/// Runs before the store serves: applies migrations (creating an empty database), seeds the demo store on first run
/// (on later runs adds the store strings a newer store brought), runs plugin updates, and in demo mode hands the
/// sandbox this database's keys and installs the Interkassa plugin on first run.
/// </summary>
public sealed class StoreInitializer(
    ShopDbContext db,
    StoreDatabase database,
    DemoDataSeeder seeder,
    StoreLanguagePacks languagePacks,
    PluginManager plugins,
    PluginCatalog catalog,
    DemoMode demo,
    DemoKeyStore demoKeys,
    ILogger<StoreInitializer> logger)
{
    /// <summary>The plugin demo mode installs on first run.</summary>
    public const string DemoPluginSystemName = "Payments.Interkassa";

    /// <summary>
    /// Reads the applied migration ids with one plain query: EF's own history check builds a second model with every
    /// convention, which costs a few hundred milliseconds of start-up.
    /// </summary>
    private async Task<bool> HasPendingMigrationsAsync()
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                known.Remove(reader.GetString(0));
            return known.Count > 0;
        }
        catch (DbException)
        {
            // No history table yet: an empty database.
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task InitializeAsync()
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets readers and one writer work at the same time; the setting is stored in the file.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        // Migrating also compares the model with the migrations; skip it (and its cost) when nothing is pending.
        if (await HasPendingMigrationsAsync())
        {
            // On an empty database EF reads the history table before creating it and logs that failure as an error;
            // creating it first (IF NOT EXISTS) keeps a first start's log clean.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
            await db.Database.MigrateAsync();
        }

        var firstRun = await seeder.SeedIfEmptyAsync();
        if (!firstRun)
            await languagePacks.AddMissingStringsAsync();
        // Before anything reads them: the sandbox binds its options on first use, the plugin's installer reads them below.
        if (demo.IsOn)
        {
            var keys = await demoKeys.LoadOrCreateAsync();
            demo.Publish(keys);
            logger.LogWarning("Demo mode is on (development only): the Interkassa sandbox at {Sandbox} pays orders without money; checkout {CheckoutId}",
                DemoSandbox.PathPrefix, keys.CheckoutId);
        }

        foreach (var failed in catalog.Entries.Where(e => e.Descriptor.LoadError is not null))
            logger.LogWarning("Plugin {Folder} is not loaded: {Reason}", failed.FolderName, failed.Descriptor.LoadError);
        await plugins.UpdateChangedPluginsAsync();

        if (firstRun && demo.IsOn && catalog.FindBySystemName(DemoPluginSystemName) is { IsLoaded: true })
        {
            var result = await plugins.InstallAsync(DemoPluginSystemName);
            if (result.Success)
                logger.LogInformation("Demo mode: plugin {Plugin} installed and activated", DemoPluginSystemName);
            else
                logger.LogError("Demo mode: installing {Plugin} failed: {Error} {Detail}", DemoPluginSystemName, result.ErrorResource, result.Detail);
        }
    }
}
