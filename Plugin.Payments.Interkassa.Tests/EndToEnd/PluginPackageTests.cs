using System.IO.Compression;
using System.Net;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>The plugin's package (the zip the README's packaging command makes) goes through the admin's upload.</summary>
[Category(TestCategories.Database)]
public sealed class PluginPackageTests
{
    [Test]
    public async Task Uploaded_package_is_listed_and_after_a_restart_installs_and_configures()
    {
        var root = Directory.CreateTempSubdirectory("interkassa-package-").FullName;
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "Plugins")).FullName;
            var options = new ShopFactoryOptions { PluginsDirectory = plugins, ConnectionString = $"Data Source={Path.Combine(root, "shop.db")}" };
            var package = Path.Combine(root, "Payments.Interkassa.zip");
            ZipFile.CreateFromDirectory(InterkassaStore.BuiltPluginFolder, package);

            await using (var shop = await ShopFactory.StartAsync(options))
            {
                await shop.LoginAsAdminAsync();
                using var upload = await StoreDriver.UploadPluginAsync(shop.Client, await File.ReadAllBytesAsync(package), "Payments.Interkassa.zip");
                Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                var list = await ShopPage.FollowAsync(shop.Client, upload);
                Assert.Multiple(() =>
                {
                    Assert.That(list.QuerySelector("tr[data-system-name='Payments.Interkassa']"), Is.Not.Null, "the uploaded plugin is listed");
                    Assert.That(File.Exists(Path.Combine(plugins, "Payments.Interkassa", "plugin.json")), Is.True);
                    Assert.That(File.Exists(Path.Combine(plugins, "Payments.Interkassa", "Shop.Abstractions.dll")), Is.False, "host assemblies are not shipped");
                });
            }

            // Its services are registered when the store starts: after a restart it installs and its configure page works.
            await using (var restarted = await ShopFactory.StartAsync(options))
            {
                await restarted.LoginAsAdminAsync();
                await StoreDriver.InstallPluginAsync(restarted.Client, InterkassaDefaults.SystemName);
                var configure = await ShopPage.GetAsync(restarted.Client, InterkassaDefaults.ConfigurePath);
                Assert.That(configure.QuerySelector("form.ik-form"), Is.Not.Null);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
