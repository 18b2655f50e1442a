using System.Text.Json;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests;

/// <summary>
/// The plugin's build (Plugin.Payments.Interkassa/Package.targets) fills the store's plugins folder: the plugin's own
/// assemblies and private dependencies, its manifest, logo and language packs, and nothing the store already ships.
/// </summary>
[Category(TestCategories.Fast)]
public class PluginFolderTests
{
    [Test]
    public void Folder_holds_the_plugin_its_private_dependencies_manifest_logo_and_language_packs()
    {
        var folder = InterkassaStore.BuiltPluginFolder;
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).ToHashSet();
        Assert.That(files, Is.SupersetOf(new[]
        {
            "plugin.json", "logo.png", "Localization/ru-RU.xml", "Localization/en-US.xml", "Localization/uk-UA.xml",
            "Plugin.Payments.Interkassa.dll", "Plugin.Payments.Interkassa.Protocol.dll",
            "Microsoft.Extensions.Http.Resilience.dll", "Polly.Core.dll",
        }));
    }

    [Test]
    public void Folder_carries_no_assembly_the_store_ships()
    {
        var shipped = StoreAssemblies();
        Assert.That(shipped, Does.Contain("Shop.Abstractions.dll").And.Contain("Autofac.dll").And.Contain("Microsoft.EntityFrameworkCore.dll"),
            "the store's own list is read");
        var carried = Directory.EnumerateFiles(InterkassaStore.BuiltPluginFolder, "*.dll", SearchOption.AllDirectories).Select(f => Path.GetFileName(f));
        Assert.That(carried.Where(shipped.Contains), Is.Empty);
    }

    /// <summary>The store's runtime assemblies (Shop.Web.deps.json, next to the tests) and the shared frameworks it runs on.</summary>
    private static HashSet<string> StoreAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Shop.Web.deps.json")));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    foreach (var file in runtime.EnumerateObject())
                        names.Add(Path.GetFileName(file.Name));
                }
            }
        }

        string[] frameworks = [Path.GetDirectoryName(typeof(object).Assembly.Location)!, Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!];
        foreach (var framework in frameworks)
            names.UnionWith(Directory.EnumerateFiles(framework, "*.dll").Select(f => Path.GetFileName(f)));
        return names;
    }
}
