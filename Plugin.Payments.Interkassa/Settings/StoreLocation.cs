using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// A store's public base URL with a trailing slash, as nopCommerce plugins build links for a given store (an order's,
/// the admin's scope, reconciliation's): the store's configured <c>Url</c>, else — a store set up without one — the
/// current request's address (<see cref="IWebHelper.GetStoreLocation"/>).
/// </summary>
public sealed class StoreLocation(IStoreService storeService, IStoreContext storeContext, IWebHelper webHelper)
{
    /// <param name="storeId">The store; null or 0 = the current request's store.</param>
    public async Task<string> GetAsync(int? storeId)
    {
        var store = storeId is > 0 ? await storeService.GetStoreByIdAsync(storeId.Value) : await storeContext.GetCurrentStoreAsync();
        var url = string.IsNullOrWhiteSpace(store?.Url) ? webHelper.GetStoreLocation() : store.Url.Trim();
        return url.EndsWith('/') ? url : url + "/";
    }
}
