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
    /// The current request's base URL with a trailing slash (scheme, host and path base after the forwarded-headers
    /// middleware; https when <paramref name="useSsl"/> is true); outside a request, the address the server listens on.
    /// For a given store, use <see cref="IStoreService.GetStoreByIdAsync"/> → <see cref="Store.Url"/>.
    /// </summary>
    string GetStoreLocation(bool? useSsl = null);

    /// <summary>The client address as resolved by ASP.NET's forwarded-headers configuration, never from a raw header.</summary>
    string? GetCurrentIpAddress();
}
