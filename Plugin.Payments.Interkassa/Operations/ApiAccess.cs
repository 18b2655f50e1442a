using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// API credentials of a store, with the API URL made absolute: a URL given as a path (the demo's
/// in-process sandbox) is resolved against the store's public location.
/// </summary>
public sealed class ApiAccess(IWebHelper webHelper)
{
    public async Task<InterkassaApiCredentials> CredentialsAsync(EffectiveSettings effective, int storeId) =>
        effective.ApiCredentials with { BaseUrl = await AbsoluteAsync(effective.Settings.ApiUrl, storeId) };

    public async Task<string> AbsoluteAsync(string url, int? storeId) =>
        url.StartsWith('/') ? (await webHelper.GetStoreLocationAsync(storeId)).TrimEnd('/') + url : url;
}
