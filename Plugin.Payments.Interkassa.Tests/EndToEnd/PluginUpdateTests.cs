using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>A new plugin version in plugin.json runs UpdateAsync at start-up and brings an old schema up to date.</summary>
[Category(TestCategories.Database)]
public sealed class PluginUpdateTests
{
    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_version_change_upgrades_an_old_schema_on_the_next_start(string database)
    {
        var root = Directory.CreateTempSubdirectory("interkassa-update-").FullName;
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "Plugins")).FullName;
            InterkassaStore.CopyPlugin(plugins);
            var connection = database == "postgres"
                ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync()
                : $"Data Source={Path.Combine(root, "shop.db")}";
            var options = new ShopFactoryOptions { PluginsDirectory = plugins, ConnectionString = connection };

            // Version 1.0.0 installed, then its schema is taken back to version 1 (no refunds table, no verdict indexes).
            await using (var shop = await ShopFactory.StartAsync(options))
            {
                await shop.LoginAsAdminAsync();
                await StoreDriver.InstallPluginAsync(shop.Client, InterkassaDefaults.SystemName);
                await shop.WithScopeAsync(async services =>
                {
                    var db = services.GetRequiredService<InterkassaDbContext>();
                    await db.Database.ExecuteSqlRawAsync("DROP TABLE \"Interkassa_Refund\"");
                    await services.GetRequiredService<ISettingService>().SetSettingAsync(InterkassaDefaults.SchemaVersionSetting, 1);
                });
            }

            var manifest = Path.Combine(plugins, "Payments.Interkassa", "plugin.json");
            await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"1.0.0\"", "\"1.1.0\"", StringComparison.Ordinal));

            await using (var restarted = await ShopFactory.StartAsync(options))
            {
                var (refundTable, version) = await restarted.WithScopeAsync(async services => (
                    await services.GetRequiredService<InterkassaSchema>().TableExistsAsync(InterkassaDbContext.RefundTable),
                    await services.GetRequiredService<ISettingService>().GetSettingByKeyAsync<int>(InterkassaDefaults.SchemaVersionSetting)));
                Assert.Multiple(() =>
                {
                    Assert.That(refundTable, Is.True, "UpdateAsync recreated the table the old schema lacked");
                    Assert.That(version, Is.EqualTo(InterkassaSchema.CurrentVersion));
                });
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
