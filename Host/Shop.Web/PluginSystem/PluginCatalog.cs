using System.Reflection;
using System.Runtime.Loader;
using Shop.Abstractions.Plugins;
using Shop.Abstractions.Web;

namespace Shop.Web.PluginSystem;

/// <summary>A plugin folder the store found, and what loading it gave.</summary>
public sealed class PluginEntry(PluginDescriptor descriptor, string folderName)
{
    public PluginDescriptor Descriptor { get; } = descriptor;

    /// <summary>Name of the folder under the plugins directory (also the logo URL segment).</summary>
    public string FolderName { get; } = folderName;

    public Assembly? Assembly { get; init; }

    /// <summary>The plugin's startup hooks, in <see cref="IPluginStartup.Order"/>.</summary>
    public IReadOnlyList<IPluginStartup> Startups { get; init; } = [];

    /// <summary>The plugin's route providers.</summary>
    public IReadOnlyList<IRouteProvider> RouteProviders { get; init; } = [];

    /// <summary>True when the plugin was added while the store was running and its startup hooks have not run yet.</summary>
    public bool RestartRequired { get; set; }

    public bool IsLoaded => Descriptor.LoadError is null && Descriptor.PluginType is not null;
}

/// <summary>
/// Finds plugins in the plugins directory and loads their assemblies into the default load context,
/// so they share the host's copy of every assembly the host ships (Shop.Abstractions, ASP.NET Core, EF Core, Autofac);
/// a plugin's private dependencies are resolved from its own folder. One instance per host, kept for its lifetime.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    public const string ManifestFileName = "plugin.json";

    private readonly Lock _gate = new();
    private readonly List<PluginEntry> _entries = [];
    private readonly List<string> _probeFolders = [];

    public PluginCatalog(string pluginsDirectory)
    {
        PluginsDirectory = Path.GetFullPath(pluginsDirectory);
        AssemblyLoadContext.Default.Resolving += ResolvePrivateDependency;
    }

    public string PluginsDirectory { get; }

    public IReadOnlyList<PluginEntry> Entries
    {
        get
        {
            lock (_gate)
                return [.. _entries];
        }
    }

    /// <summary>Loaded plugins' startup hooks, in order.</summary>
    public IEnumerable<IPluginStartup> Startups =>
        Entries.Where(e => e.IsLoaded).SelectMany(e => e.Startups).OrderBy(s => s.Order);

    /// <summary>Loaded plugins' route providers with their plugin, highest priority first.</summary>
    public IEnumerable<(PluginEntry Plugin, IRouteProvider Routes)> RouteProviders =>
        Entries.Where(e => e.IsLoaded).SelectMany(e => e.RouteProviders.Select(r => (e, r))).OrderByDescending(p => p.r.Priority);

    /// <summary>Reads every <c>*/plugin.json</c> under the plugins directory; problems become <see cref="PluginDescriptor.LoadError"/>.</summary>
    public void DiscoverAndLoad()
    {
        if (!Directory.Exists(PluginsDirectory))
            return;
        foreach (var folder in Directory.GetDirectories(PluginsDirectory).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder).StartsWith('.'))
                continue;
            if (File.Exists(Path.Combine(folder, ManifestFileName)))
                LoadFolder(folder);
        }
    }

    /// <summary>Loads one plugin folder and adds it to the catalog; the entry tells whether it loaded.</summary>
    public PluginEntry LoadFolder(string folder)
    {
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        PluginDescriptor descriptor;
        try
        {
            descriptor = PluginDescriptor.Parse(File.ReadAllText(Path.Combine(folder, ManifestFileName)));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or IOException)
        {
            descriptor = new PluginDescriptor { SystemName = folderName, FriendlyName = folderName, LoadError = $"plugin.json is not valid: {e.Message}" };
        }
        descriptor.PluginDirectory = folder;

        lock (_gate)
            _probeFolders.Add(folder);
        var entry = descriptor.LoadError is null ? Load(descriptor, folderName) : new PluginEntry(descriptor, folderName);
        lock (_gate)
        {
            if (_entries.Any(e => string.Equals(e.Descriptor.SystemName, descriptor.SystemName, StringComparison.OrdinalIgnoreCase)))
            {
                descriptor.LoadError ??= $"Another plugin folder already has the system name {descriptor.SystemName}.";
                descriptor.PluginType = null;
                entry = new PluginEntry(descriptor, folderName);
            }
            _entries.Add(entry);
        }
        return entry;
    }

    /// <summary>The loaded plugin whose assembly declares <paramref name="assembly"/>, or null for the host's own code.</summary>
    public PluginEntry? FindByAssembly(Assembly assembly) =>
        Entries.FirstOrDefault(e => e.IsLoaded && e.Assembly == assembly);

    public PluginEntry? FindBySystemName(string systemName) =>
        Entries.FirstOrDefault(e => string.Equals(e.Descriptor.SystemName, systemName, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => AssemblyLoadContext.Default.Resolving -= ResolvePrivateDependency;

    private static PluginEntry Load(PluginDescriptor descriptor, string folderName)
    {
        if (!descriptor.SupportsStoreVersion(ShopWebDefaults.StoreVersion))
        {
            descriptor.LoadError = $"Not compatible with store version {ShopWebDefaults.StoreVersion} " +
                $"(the plugin supports: {(descriptor.SupportedVersions.Count == 0 ? "none listed" : string.Join(", ", descriptor.SupportedVersions))}).";
            return new PluginEntry(descriptor, folderName);
        }
        if (descriptor.FileName != Path.GetFileName(descriptor.FileName) || !descriptor.FileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            descriptor.LoadError = $"FileName must be the plugin's .dll in its folder, not '{descriptor.FileName}'.";
            return new PluginEntry(descriptor, folderName);
        }
        var path = Path.Combine(descriptor.PluginDirectory!, descriptor.FileName);
        if (!File.Exists(path))
        {
            descriptor.LoadError = $"The assembly {descriptor.FileName} is missing from the plugin folder.";
            return new PluginEntry(descriptor, folderName);
        }

        try
        {
            var assembly = LoadAssembly(path);
            var types = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }).ToList();
            var pluginTypes = types.Where(t => typeof(IPlugin).IsAssignableFrom(t)).ToList();
            if (pluginTypes.Count != 1)
            {
                descriptor.LoadError = pluginTypes.Count == 0
                    ? $"{descriptor.FileName} has no public class implementing IPlugin."
                    : $"{descriptor.FileName} has more than one class implementing IPlugin.";
                return new PluginEntry(descriptor, folderName);
            }
            var startups = CreateEach<IPluginStartup>(types).OrderBy(s => s.Order).ToList();
            var routeProviders = CreateEach<IRouteProvider>(types).ToList();
            descriptor.PluginType = pluginTypes[0];
            return new PluginEntry(descriptor, folderName) { Assembly = assembly, Startups = startups, RouteProviders = routeProviders };
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException
                                       or ReflectionTypeLoadException or TypeLoadException or MissingMethodException
                                       or TargetInvocationException or MemberAccessException)
        {
            descriptor.LoadError = $"The assembly could not be loaded: {Describe(e)}";
            return new PluginEntry(descriptor, folderName);
        }
    }

    /// <summary>An instance of each of the plugin's classes that implement <typeparamref name="T"/> (public parameterless constructors).</summary>
    private static IEnumerable<T> CreateEach<T>(IEnumerable<Type> types) =>
        types.Where(t => typeof(T).IsAssignableFrom(t)).Select(t => (T)Activator.CreateInstance(t)!);

    /// <summary>
    /// The host's copy wins: an assembly with the same name already in the process (or this plugin loaded by an earlier
    /// host in the same process), then one the host ships (its trusted platform assemblies), then the plugin's file.
    /// </summary>
    private static Assembly LoadAssembly(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        var loaded = AssemblyLoadContext.Default.Assemblies
            .FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null)
            return loaded;
        var shipped = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator)
            .Any(p => string.Equals(Path.GetFileNameWithoutExtension(p), name.Name, StringComparison.OrdinalIgnoreCase));
        return shipped ? AssemblyLoadContext.Default.LoadFromAssemblyName(name) : AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static string Describe(Exception e) => e switch
    {
        ReflectionTypeLoadException r => string.Join("; ", r.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct()),
        TargetInvocationException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };

    /// <summary>Called only when the default context did not find an assembly: look in the plugin folders.</summary>
    private Assembly? ResolvePrivateDependency(AssemblyLoadContext context, AssemblyName name)
    {
        string[] folders;
        lock (_gate)
            folders = [.. _probeFolders];
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(candidate))
                return context.LoadFromAssemblyPath(candidate);
        }
        return null;
    }
}
