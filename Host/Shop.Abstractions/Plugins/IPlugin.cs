namespace Shop.Abstractions.Plugins;

/// <summary>A plugin the store can install, configure, update and uninstall.</summary>
public interface IPlugin
{
    /// <summary>The plugin.json this plugin was loaded from; set by the store after construction.</summary>
    PluginDescriptor PluginDescriptor { get; set; }

    /// <summary>Relative URL of the admin page that configures the plugin, or null when there is none.</summary>
    string? GetConfigurationPageUrl();

    /// <summary>Creates the plugin's tables, default settings and language resources.</summary>
    Task InstallAsync();

    /// <summary>Removes everything <see cref="InstallAsync"/> created.</summary>
    Task UninstallAsync();

    /// <summary>Runs when the plugin's version in plugin.json differs from the installed one.</summary>
    Task UpdateAsync(string currentVersion, string targetVersion);

    /// <summary>Runs before uninstalling; throw to block the uninstall with a reason.</summary>
    Task PreparePluginToUninstallAsync();
}
