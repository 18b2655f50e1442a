namespace Shop.Abstractions.Plugins;

/// <summary>The store's list of plugins and their installed state.</summary>
public interface IPluginService
{
    /// <summary>Every plugin found, loaded or not (see <see cref="PluginDescriptor.LoadError"/>).</summary>
    IReadOnlyList<PluginDescriptor> GetPluginDescriptors();

    /// <summary>The descriptor with this system name, or null.</summary>
    PluginDescriptor? GetPluginDescriptorBySystemName(string systemName);

    /// <summary>An instance of an installed plugin of type <typeparamref name="TPlugin"/>, or null.</summary>
    Task<TPlugin?> GetPluginAsync<TPlugin>(string systemName) where TPlugin : class, IPlugin;

    /// <summary>Instances of every installed plugin implementing <typeparamref name="TPlugin"/>.</summary>
    Task<IReadOnlyList<TPlugin>> GetInstalledPluginsAsync<TPlugin>() where TPlugin : class, IPlugin;
}
