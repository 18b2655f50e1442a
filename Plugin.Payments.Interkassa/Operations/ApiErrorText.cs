using Plugin.Payments.Interkassa.Protocol.Api;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>An API failure in words for the merchant (working language); the client's messages never carry a key.</summary>
public static class ApiErrorText
{
    public static string ResourceFor(InterkassaApiErrorKind kind) => "Api." + kind;

    public static async Task<string> ForAsync(ILocalizationService localization, InterkassaApiException exception)
    {
        var text = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + ResourceFor(exception.Kind));
        return exception.ApiMessage is { Length: > 0 } message ? $"{text} ({message})" : text;
    }
}
