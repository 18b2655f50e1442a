using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Plugins;
using Shop.Web.Data;
using Shop.Web.Data.Entities;
using Shop.Web.Services.Payments;

namespace Shop.Web.PluginSystem;

/// <summary>
/// The plugins of the catalog with their installed state from the database; installs, uninstalls and updates them.
/// Installed state is read from the database on every call that depends on it, so several store processes agree.
/// </summary>
public sealed class PluginManager(
    PluginCatalog catalog,
    ShopDbContext db,
    IServiceProvider services,
    PaymentMethodActivation activation,
    TimeProvider time,
    ILogger<PluginManager> logger) : IPluginService
{
    private readonly Dictionary<Type, IPlugin> _instances = [];

    public IReadOnlyList<PluginDescriptor> GetPluginDescriptors() =>
        catalog.Entries.Select(e => e.Descriptor)
            .OrderBy(d => d.Group, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.DisplayOrder).ThenBy(d => d.FriendlyName)
            .ToList();

    public PluginDescriptor? GetPluginDescriptorBySystemName(string systemName) => catalog.FindBySystemName(systemName)?.Descriptor;

    public async Task<TPlugin?> GetPluginAsync<TPlugin>(string systemName) where TPlugin : class, IPlugin
    {
        var entry = catalog.FindBySystemName(systemName);
        if (entry is not { IsLoaded: true } || !typeof(TPlugin).IsAssignableFrom(entry.Descriptor.PluginType))
            return null;
        return await IsInstalledAsync(entry.Descriptor.SystemName) ? (TPlugin)GetInstance(entry) : null;
    }

    public async Task<IReadOnlyList<TPlugin>> GetInstalledPluginsAsync<TPlugin>() where TPlugin : class, IPlugin
    {
        var installed = await InstalledVersionsAsync();
        return catalog.Entries
            .Where(e => e.IsLoaded && installed.ContainsKey(e.Descriptor.SystemName) && typeof(TPlugin).IsAssignableFrom(e.Descriptor.PluginType))
            .OrderBy(e => e.Descriptor.DisplayOrder)
            .Select(e => (TPlugin)GetInstance(e))
            .ToList();
    }

    /// <summary>A loaded plugin's instance whether installed or not (for flags such as SupportRefund), or null.</summary>
    public IPlugin? GetLoadedInstance(string systemName) =>
        catalog.FindBySystemName(systemName) is { IsLoaded: true } entry ? GetInstance(entry) : null;

    public Task<bool> IsInstalledAsync(string systemName) =>
        db.InstalledPlugins.AnyAsync(p => p.SystemName == systemName);

    /// <summary>Re-reads the installed flags of every descriptor (for lists).</summary>
    public async Task RefreshInstalledStateAsync()
    {
        var installed = await InstalledVersionsAsync();
        foreach (var entry in catalog.Entries)
            entry.Descriptor.Installed = installed.ContainsKey(entry.Descriptor.SystemName);
    }

    /// <summary>Installs a loaded plugin (a payment method is also activated); returns the outcome.</summary>
    public async Task<PluginOperationResult> InstallAsync(string systemName)
    {
        var entry = catalog.FindBySystemName(systemName);
        if (entry is null)
            return PluginOperationResult.Fail("Admin.Plugins.Error.NotFound", systemName);
        if (!entry.IsLoaded)
            return PluginOperationResult.Fail("Admin.Plugins.Error.NotLoaded", entry.Descriptor.LoadError);
        if (entry.RestartRequired)
            return PluginOperationResult.Fail("Admin.Plugins.Error.RestartRequired");
        var installed = await InstalledVersionsAsync();
        var missing = entry.Descriptor.DependsOnSystemNames.Where(d => !installed.ContainsKey(d)).ToList();
        if (missing.Count > 0)
            return PluginOperationResult.Fail("Admin.Plugins.Error.Dependencies", string.Join(", ", missing));

        // The unique index on SystemName claims the install, so two admins (or processes) cannot both run it.
        var row = new InstalledPlugin
        {
            SystemName = entry.Descriptor.SystemName,
            Version = entry.Descriptor.Version,
            InstalledOnUtc = time.GetUtcNow().UtcDateTime,
        };
        db.InstalledPlugins.Add(row);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return PluginOperationResult.Fail("Admin.Plugins.Error.AlreadyInstalled");
        }

        try
        {
            var plugin = GetInstance(entry);
            await plugin.InstallAsync();
            if (plugin is IPaymentMethod)
                await activation.ActivateEverywhereAsync(entry.Descriptor.SystemName);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Installing plugin {SystemName} failed", systemName);
            await db.InstalledPlugins.Where(p => p.SystemName == entry.Descriptor.SystemName).ExecuteDeleteAsync();
            db.ChangeTracker.Clear();
            return PluginOperationResult.Fail("Admin.Plugins.Error.InstallFailed", e.Message);
        }
        entry.Descriptor.Installed = true;
        logger.LogInformation("Plugin {SystemName} {Version} installed", systemName, entry.Descriptor.Version);
        return PluginOperationResult.Ok;
    }

    /// <summary>
    /// Uninstalls a plugin (and deactivates a payment method); returns the outcome. A plugin that keeps records
    /// (<see cref="IPluginWithData"/>) deletes them only when <paramref name="deleteData"/> is set.
    /// </summary>
    public async Task<PluginOperationResult> UninstallAsync(string systemName, bool deleteData = false)
    {
        var entry = catalog.FindBySystemName(systemName);
        if (entry is not { IsLoaded: true })
            return PluginOperationResult.Fail("Admin.Plugins.Error.NotFound", systemName);
        if (!await IsInstalledAsync(entry.Descriptor.SystemName))
            return PluginOperationResult.Fail("Admin.Plugins.Error.NotInstalled");
        var dependants = catalog.Entries
            .Where(e => e.Descriptor.DependsOnSystemNames.Contains(entry.Descriptor.SystemName, StringComparer.OrdinalIgnoreCase))
            .Select(e => e.Descriptor.SystemName).ToList();
        var installedDependants = new List<string>();
        foreach (var dependant in dependants)
        {
            if (await IsInstalledAsync(dependant))
                installedDependants.Add(dependant);
        }
        if (installedDependants.Count > 0)
            return PluginOperationResult.Fail("Admin.Plugins.Error.Dependants", string.Join(", ", installedDependants));

        var plugin = GetInstance(entry);
        try
        {
            await plugin.PreparePluginToUninstallAsync();
            if (plugin is IPluginWithData withData)
                await withData.UninstallAsync(deleteData);
            else
                await plugin.UninstallAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Uninstalling plugin {SystemName} failed", systemName);
            return PluginOperationResult.Fail("Admin.Plugins.Error.UninstallFailed", e.Message);
        }
        if (plugin is IPaymentMethod)
            await activation.DeactivateEverywhereAsync(entry.Descriptor.SystemName);
        await db.InstalledPlugins.Where(p => p.SystemName == entry.Descriptor.SystemName).ExecuteDeleteAsync();
        entry.Descriptor.Installed = false;
        logger.LogInformation("Plugin {SystemName} uninstalled", systemName);
        return PluginOperationResult.Ok;
    }

    /// <summary>At start-up: runs UpdateAsync(from, to) for every installed plugin whose plugin.json version changed.</summary>
    public async Task UpdateChangedPluginsAsync()
    {
        var installed = await db.InstalledPlugins.ToListAsync();
        foreach (var row in installed)
        {
            var entry = catalog.FindBySystemName(row.SystemName);
            if (entry is not { IsLoaded: true } || entry.Descriptor.Version == row.Version)
                continue;
            var from = row.Version;
            // Claim the update first: a second process starting at the same time sees the new version and skips it.
            var claimed = await db.InstalledPlugins.Where(p => p.Id == row.Id && p.Version == from)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, entry.Descriptor.Version));
            if (claimed == 0)
                continue;
            try
            {
                await GetInstance(entry).UpdateAsync(from, entry.Descriptor.Version);
                logger.LogInformation("Plugin {SystemName} updated from {From} to {To}", row.SystemName, from, entry.Descriptor.Version);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Updating plugin {SystemName} from {From} failed", row.SystemName, from);
                await db.InstalledPlugins.Where(p => p.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, from));
                entry.Descriptor.LoadError = $"Update from {from} to {entry.Descriptor.Version} failed: {e.Message}";
            }
        }
        await RefreshInstalledStateAsync();
    }

    private async Task<Dictionary<string, string>> InstalledVersionsAsync() =>
        await db.InstalledPlugins.AsNoTracking()
            .ToDictionaryAsync(p => p.SystemName, p => p.Version, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One instance per request: from the container when the plugin was registered at start-up,
    /// else (uploaded while running) constructed with the container's services.
    /// </summary>
    private IPlugin GetInstance(PluginEntry entry)
    {
        var type = entry.Descriptor.PluginType!;
        if (_instances.TryGetValue(type, out var existing))
            return existing;
        var plugin = (IPlugin)(services.GetService(type) ?? ActivatorUtilities.CreateInstance(services, type));
        plugin.PluginDescriptor = entry.Descriptor;
        _instances[type] = plugin;
        return plugin;
    }
}

/// <summary>The outcome of an install or uninstall: on failure a resource name for the message and a detail to show with it.</summary>
public sealed record PluginOperationResult(bool Success, string? ErrorResource, string? Detail)
{
    public static PluginOperationResult Ok { get; } = new(true, null, null);

    public static PluginOperationResult Fail(string errorResource, string? detail = null) => new(false, errorResource, detail);
}
