using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Stores;
using Shop.Web.Data;

namespace Shop.Web.Services.Stores;

/// <summary>Names of the cookies the store sets.</summary>
public static class ShopCookies
{
    /// <summary>Guest customer's guid.</summary>
    public const string Customer = "Shop.Customer";

    /// <summary>Chosen UI culture, e.g. "en-US".</summary>
    public const string Culture = "Shop.Culture";

    /// <summary>Chosen display currency code.</summary>
    public const string Currency = "Shop.Currency";

    /// <summary>Store id the admin is configuring (0 = all stores).</summary>
    public const string StoreScope = "Shop.StoreScope";

    /// <summary>The authentication cookie.</summary>
    public const string Auth = "Shop.Auth";
}

public sealed class StoreService(ShopDbContext db, ShopCache cache) : IStoreService
{
    public Task<IReadOnlyList<Store>> GetAllStoresAsync() =>
        cache.GetAsync("stores", db, async () =>
            (IReadOnlyList<Store>)await db.Stores.AsNoTracking().OrderBy(s => s.DisplayOrder).ThenBy(s => s.Id).ToListAsync());

    public async Task<Store?> GetStoreByIdAsync(int storeId) =>
        (await GetAllStoresAsync()).FirstOrDefault(s => s.Id == storeId);
}

/// <summary>The store whose host name matches the request (else the first store), and the admin's store scope cookie.</summary>
public sealed class StoreContext(IStoreService stores, IHttpContextAccessor httpContextAccessor) : IStoreContext
{
    private Store? _current;

    public async Task<Store> GetCurrentStoreAsync()
    {
        if (_current is not null)
            return _current;
        var all = await stores.GetAllStoresAsync();
        if (all.Count == 0)
            throw new InvalidOperationException("The database has no store; it is seeded on first start.");
        var host = httpContextAccessor.HttpContext?.Request.Host.Host;
        _current = (host is null ? null : all.FirstOrDefault(s => MatchesHost(s, host))) ?? all[0];
        return _current;
    }

    public async Task<int> GetActiveStoreScopeConfigurationAsync()
    {
        var cookie = httpContextAccessor.HttpContext?.Request.Cookies[ShopCookies.StoreScope];
        if (!int.TryParse(cookie, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id == 0)
            return 0;
        return await stores.GetStoreByIdAsync(id) is null ? 0 : id;
    }

    private static bool MatchesHost(Store store, string host) =>
        store.Hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));
}

public sealed class WebHelper(IHttpContextAccessor httpContextAccessor, IServer server) : IWebHelper
{
    public string GetStoreLocation(bool? useSsl = null)
    {
        var request = httpContextAccessor.HttpContext?.Request;
        if (request is not null)
        {
            var scheme = useSsl switch { true => "https", false => "http", null => request.Scheme };
            return WithSlash($"{scheme}://{request.Host}{request.PathBase}");
        }

        // Outside a request (scheduled tasks): the address the server listens on.
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return WithSlash(address ?? "http://localhost");
    }

    public string? GetCurrentIpAddress()
    {
        var address = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress;
        if (address is null)
            return null;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
