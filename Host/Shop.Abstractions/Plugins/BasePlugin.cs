namespace Shop.Abstractions.Plugins;

/// <summary>An <see cref="IPlugin"/> whose every member does nothing; plugins override what they need.</summary>
public abstract class BasePlugin : IPlugin
{
    public PluginDescriptor PluginDescriptor { get; set; } = new();

    public virtual string? GetConfigurationPageUrl() => null;

    public virtual Task InstallAsync() => Task.CompletedTask;

    public virtual Task UninstallAsync() => Task.CompletedTask;

    public virtual Task UpdateAsync(string currentVersion, string targetVersion) => Task.CompletedTask;

    public virtual Task PreparePluginToUninstallAsync() => Task.CompletedTask;
}
