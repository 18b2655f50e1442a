namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// The real Interkassa plugin as the store's build lays it out (Host/Shop.Web/Plugins/Payments.Interkassa/): the
/// plugin's assembly from this test run's output plus the repository-root plugin.json, logo.png and Localization/*.xml.
/// Use it to boot a store with the plugin: <c>new ShopFactoryOptions { SetUpPlugins = InterkassaPluginFolder.Write }</c>.
/// </summary>
public static class InterkassaPluginFolder
{
    public const string FolderName = "Payments.Interkassa";

    /// <summary>Writes the plugin folder into <paramref name="pluginsDirectory"/> and returns it.</summary>
    public static string Write(string pluginsDirectory)
    {
        var root = RepositoryRoot();
        var manifest = Path.Combine(root, "plugin.json");
        if (!File.Exists(manifest))
            throw new InvalidOperationException($"The plugin's manifest is missing: {manifest}.");

        var folder = Directory.CreateDirectory(Path.Combine(pluginsDirectory, FolderName)).FullName;
        File.Copy(manifest, Path.Combine(folder, "plugin.json"), overwrite: true);
        foreach (var logo in Directory.GetFiles(root, "logo.*").Where(f => Path.GetExtension(f) is ".png" or ".jpg" or ".gif"))
            File.Copy(logo, Path.Combine(folder, Path.GetFileName(logo)), overwrite: true);
        var languages = Path.Combine(root, "Localization");
        if (Directory.Exists(languages))
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, "Localization")).FullName;
            foreach (var pack in Directory.GetFiles(languages, "*.xml"))
                File.Copy(pack, Path.Combine(target, Path.GetFileName(pack)), overwrite: true);
        }
        // The test project references the plugin, so its build output sits next to the tests; the store prefers that
        // copy when it is already loaded, which keeps the tests and the store on the same types.
        var assembly = typeof(InterkassaDefaults).Assembly.Location;
        File.Copy(assembly, Path.Combine(folder, Path.GetFileName(assembly)), overwrite: true);
        return folder;
    }

    /// <summary>The folder holding Plugin.Payments.Interkassa.sln, found upwards from the test output.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Plugin.Payments.Interkassa.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Plugin.Payments.Interkassa.sln was not found above the test output folder.");
    }
}
