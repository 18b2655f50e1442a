namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>Where the REST API is and who calls it. <paramref name="AccountId"/> is needed for private resources.</summary>
/// <param name="BaseUrl">E.g. <c>https://api.interkassa.com/v1/</c> or the sandbox's <c>…/v1/</c>.</param>
/// <param name="AccountId">The business account id (<c>GET account</c>, type <c>b</c>), sent as <c>Ik-Api-Account-Id</c>.</param>
public sealed record InterkassaApiCredentials(string BaseUrl, string UserId, string ApiKey, string? AccountId)
{
    // The compiler-generated ToString would print the API key into any log that formats this record.
    public override string ToString() =>
        $"InterkassaApiCredentials {{ BaseUrl = {BaseUrl}, UserId = {UserId}, ApiKey = ****, AccountId = {AccountId} }}";
}
