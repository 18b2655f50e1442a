using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Stores;

/// <summary>The store serving the current request, and the admin's chosen configuration scope.</summary>
public interface IStoreContext
{
    Task<Store> GetCurrentStoreAsync();

    /// <summary>Store id the admin is configuring: 0 = all stores (shared values).</summary>
    Task<int> GetActiveStoreScopeConfigurationAsync();
}

/// <summary>The customer, language and currency of the current request.</summary>
public interface IWorkContext
{
    Task<Customer> GetCurrentCustomerAsync();

    Task<Language> GetWorkingLanguageAsync();

    Task<Currency> GetWorkingCurrencyAsync();
}

public interface IStoreService
{
    Task<IReadOnlyList<Store>> GetAllStoresAsync();

    Task<Store?> GetStoreByIdAsync(int storeId);
}

/// <summary>URLs of the store as the outside world reaches it.</summary>
public interface IWebHelper
{
    /// <summary>
    /// The public base URL of a store with a trailing slash: the store's configured URL, or, when it has none,
    /// the current request's scheme and host after the forwarded-headers middleware.
    /// </summary>
    Task<string> GetStoreLocationAsync(int? storeId = null);

    /// <summary>The client address as resolved by ASP.NET's forwarded-headers configuration, never from a raw header.</summary>
    string? GetCurrentIpAddress();
}
