using Plugin.Payments.Interkassa.Protocol.Api;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// API credentials of a store, with the API URL made absolute. A URL given as a path is the demo's in-process sandbox:
/// resolved against the store's public location in the store's demo mode, and never called outside it.
/// </summary>
public sealed class ApiAccess(StoreLocation storeLocation, StoreDemoMode demo)
{
    /// <exception cref="InterkassaApiException">The API URL is a path into the store and the store is not in demo mode.</exception>
    public async Task<InterkassaApiCredentials> CredentialsAsync(EffectiveSettings effective, int storeId)
    {
        var url = effective.Settings.ApiUrl;
        if (StoreDemoMode.IsStorePath(url) && !demo.IsOn)
        {
            throw new InterkassaApiException(InterkassaApiErrorKind.Unreachable,
                $"The API URL '{url}' is a path into the store (the demo sandbox's); outside demo mode only Interkassa's own API is called.");
        }
        return effective.ApiCredentials with { BaseUrl = await AbsoluteAsync(url, storeId) };
    }

    /// <summary>Resolves a path against the store in demo mode; outside it a path stays a path, which no client calls.</summary>
    public async Task<string> AbsoluteAsync(string url, int? storeId) =>
        StoreDemoMode.IsStorePath(url) && demo.IsOn ? (await storeLocation.GetAsync(storeId)).TrimEnd('/') + url : url;
}
