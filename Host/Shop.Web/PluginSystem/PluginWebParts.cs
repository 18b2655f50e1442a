using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Microsoft.Extensions.Primitives;

namespace Shop.Web.PluginSystem;

/// <summary>Tells MVC to rebuild its actions (controllers, Razor Pages) after a plugin's parts were added at run time.</summary>
public sealed class PluginActionDescriptorChangeProvider : IActionDescriptorChangeProvider
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _source = new();

    /// <summary>Grows with every change, so caches built from the application parts know when to rebuild.</summary>
    public int Version { get; private set; }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
            return new CancellationChangeToken(_source.Token);
    }

    public void NotifyChanged()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _source;
            _source = new CancellationTokenSource();
            Version++;
        }
        previous.Cancel();
        previous.Dispose();
    }
}

/// <summary>Adds a plugin assembly's controllers, pages, view components and compiled Razor views to MVC.</summary>
public static class PluginApplicationParts
{
    /// <summary>Adds the parts (an assembly part and, for a Razor class library, its compiled Razor part) unless already present.</summary>
    public static void Add(ApplicationPartManager manager, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(assembly);
        var factory = ApplicationPartFactory.GetApplicationPartFactory(assembly);
        foreach (var part in factory.GetApplicationParts(assembly))
        {
            if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                manager.ApplicationParts.Add(part);
        }
    }

    /// <summary>Adds the parts while the store runs and tells MVC to pick them up.</summary>
    public static void AddAtRuntime(ApplicationPartManager manager, PluginActionDescriptorChangeProvider changes, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (manager)
            Add(manager, assembly);
        changes.NotifyChanged();
    }
}

/// <summary>
/// Wraps the store's view compiler: the default one reads the compiled views of the application parts once,
/// so a plugin uploaded at run time would have no views. Unknown paths are looked up again in the current parts.
/// </summary>
public sealed class PluginAwareViewCompilerProvider(
    IViewCompilerProvider inner, ApplicationPartManager parts, PluginActionDescriptorChangeProvider changes) : IViewCompilerProvider
{
    private readonly Lock _gate = new();
    private PluginAwareViewCompiler? _compiler;

    public IViewCompiler GetCompiler()
    {
        lock (_gate)
            return _compiler ??= new PluginAwareViewCompiler(inner.GetCompiler(), parts, changes);
    }

    private sealed class PluginAwareViewCompiler(IViewCompiler inner, ApplicationPartManager parts, PluginActionDescriptorChangeProvider changes)
        : IViewCompiler
    {
        private readonly Lock _gate = new();
        private (int Version, Dictionary<string, CompiledViewDescriptor> Views)? _views;

        public async Task<CompiledViewDescriptor> CompileAsync(string relativePath)
        {
            var result = await inner.CompileAsync(relativePath);
            if (result.Item is not null || changes.Version == 0)
                return result;
            return Views().TryGetValue(relativePath, out var late) ? late : result;
        }

        private Dictionary<string, CompiledViewDescriptor> Views()
        {
            lock (_gate)
            {
                if (_views is { } cached && cached.Version == changes.Version)
                    return cached.Views;
                var feature = new ViewsFeature();
                lock (parts)
                    parts.PopulateFeature(feature);
                var views = new Dictionary<string, CompiledViewDescriptor>(StringComparer.OrdinalIgnoreCase);
                foreach (var view in feature.ViewDescriptors)
                    views.TryAdd(view.RelativePath, view);
                _views = (changes.Version, views);
                return views;
            }
        }
    }
}
