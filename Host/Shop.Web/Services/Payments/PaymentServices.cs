using Shop.Abstractions.Customers;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Web.PluginSystem;

namespace Shop.Web.Services.Payments;

/// <summary>Which payment methods are active; per store, with the shared list (store 0) as the fallback.</summary>
public sealed class PaymentSettings : ISettings
{
    public List<string> ActivePaymentMethodSystemNames { get; set; } = [];
}

/// <summary>Turns payment methods on and off in the active-method lists.</summary>
public sealed class PaymentMethodActivation(ISettingService settings, IStoreService stores)
{
    public async Task<bool> IsActiveAsync(string systemName, int storeId) =>
        (await settings.LoadSettingAsync<PaymentSettings>(storeId)).ActivePaymentMethodSystemNames
            .Contains(systemName, StringComparer.OrdinalIgnoreCase);

    /// <summary>Activates or deactivates a method for one store scope (0 = the shared list).</summary>
    public async Task SetActiveAsync(string systemName, int storeId, bool active)
    {
        var current = await settings.LoadSettingAsync<PaymentSettings>(storeId);
        current.ActivePaymentMethodSystemNames.RemoveAll(n => string.Equals(n, systemName, StringComparison.OrdinalIgnoreCase));
        if (active)
            current.ActivePaymentMethodSystemNames.Add(systemName);
        await settings.SaveSettingOverridablePerStoreAsync(current, s => s.ActivePaymentMethodSystemNames, overrideForStore: true, storeId);
    }

    /// <summary>On install: active in the shared list and in every store that has its own list.</summary>
    public async Task ActivateEverywhereAsync(string systemName)
    {
        foreach (var storeId in await ScopesWithOwnListAsync())
            await SetActiveAsync(systemName, storeId, active: true);
    }

    /// <summary>On uninstall: removed from every list.</summary>
    public async Task DeactivateEverywhereAsync(string systemName)
    {
        foreach (var storeId in await ScopesWithOwnListAsync())
            await SetActiveAsync(systemName, storeId, active: false);
    }

    private async Task<List<int>> ScopesWithOwnListAsync()
    {
        var scopes = new List<int> { 0 };
        var probe = new PaymentSettings();
        foreach (var store in await stores.GetAllStoresAsync())
        {
            if (await settings.SettingExistsAsync(probe, s => s.ActivePaymentMethodSystemNames, store.Id))
                scopes.Add(store.Id);
        }
        return scopes;
    }
}

public sealed class PaymentService(
    PluginManager plugins,
    PaymentMethodActivation activation,
    IStoreContext storeContext,
    IShoppingCartService carts) : IPaymentService
{
    public async Task<decimal> CalculateAdditionalFeeAsync(IList<ShoppingCartItem> cart, decimal fee, bool usePercentage)
    {
        ArgumentNullException.ThrowIfNull(cart);
        if (fee <= 0m)
            return 0m;
        var result = fee;
        if (usePercentage)
            result = await carts.GetCartSubTotalAsync(cart) * fee / 100m;
        return Math.Max(0m, Math.Round(result, 2, MidpointRounding.AwayFromZero));
    }

    public async Task<IReadOnlyList<IPaymentMethod>> GetActivePaymentMethodsAsync(int storeId)
    {
        var installed = await plugins.GetInstalledPluginsAsync<IPaymentMethod>();
        var result = new List<IPaymentMethod>();
        foreach (var method in installed)
        {
            var descriptor = method.PluginDescriptor;
            if (descriptor.LimitedToStores.Count > 0 && !descriptor.LimitedToStores.Contains(storeId))
                continue;
            if (await activation.IsActiveAsync(descriptor.SystemName, storeId))
                result.Add(method);
        }
        return result.OrderBy(m => m.PluginDescriptor.DisplayOrder).ThenBy(m => m.PluginDescriptor.FriendlyName).ToList();
    }

    public async Task<bool> IsPaymentMethodActiveAsync(string systemName)
    {
        var store = await storeContext.GetCurrentStoreAsync();
        return (await GetActivePaymentMethodsAsync(store.Id))
            .Any(m => string.Equals(m.PluginDescriptor.SystemName, systemName, StringComparison.OrdinalIgnoreCase));
    }
}
