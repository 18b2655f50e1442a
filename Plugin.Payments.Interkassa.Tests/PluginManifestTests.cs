using Shop.Abstractions.Plugins;
using Shop.Abstractions.Web;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests;

/// <summary>plugin.json at the repository root agrees with the code it describes.</summary>
[Category(TestCategories.Fast)]
public class PluginManifestTests
{
    private static PluginDescriptor Manifest() =>
        PluginDescriptor.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "plugin.json")));

    [Test]
    public void Manifest_names_the_plugin_its_assembly_and_the_store_version_it_loads_on()
    {
        var manifest = Manifest();
        Assert.Multiple(() =>
        {
            Assert.That(manifest.SystemName, Is.EqualTo(InterkassaDefaults.SystemName));
            Assert.That(manifest.FileName, Is.EqualTo(typeof(InterkassaDefaults).Assembly.GetName().Name + ".dll"));
            Assert.That(manifest.Group, Is.EqualTo("Payment methods"));
            Assert.That(manifest.FriendlyName, Is.EqualTo("Interkassa"));
            Assert.That(manifest.SupportsStoreVersion(ShopWebDefaults.StoreVersion), Is.True);
            Assert.That(Version.TryParse(manifest.Version, out _), Is.True, manifest.Version);
            Assert.That(manifest.Description, Is.Not.Empty);
            Assert.That(manifest.Author, Is.Not.Empty);
        });
    }
}
