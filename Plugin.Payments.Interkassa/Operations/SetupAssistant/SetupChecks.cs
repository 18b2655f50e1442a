using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Plugin.Payments.Interkassa.Operations.SetupAssistant;

/// <summary>How a check came out; <see cref="Error"/> stops payments, <see cref="Warning"/> may.</summary>
public enum CheckLevel
{
    Ok,
    Warning,
    Error,
}

/// <summary>
/// One line of the checklist. The text is the resource <c>Assistant.Checks.&lt;Name&gt;.&lt;Outcome&gt;</c>,
/// formatted with <see cref="Args"/> (URLs, host names, field names: never a key).
/// </summary>
public sealed record SetupCheck(string Name, string Outcome, CheckLevel Level, IReadOnlyList<string> Args)
{
    public SetupCheck(string name, string outcome, CheckLevel level, params string[] args)
        : this(name, outcome, level, (IReadOnlyList<string>)args)
    {
    }
}

/// <summary>What the static checks look at: the settings (keys only as present or not) and how the store is reached.</summary>
/// <param name="StoreLocation">The base URL links to Interkassa are built from (<c>StoreLocation.GetAsync</c>: the store's URL, else the request's address).</param>
/// <param name="ConfiguredStoreUrl">The store's own URL setting; empty when the store takes the request's address.</param>
/// <param name="RequestHost">The host the admin opened this page with.</param>
public sealed record SetupCheckInput(
    string CheckoutId,
    bool HasSecretKey,
    bool HasTestKey,
    bool TestMode,
    string StoreLocation,
    string ConfiguredStoreUrl,
    string RequestHost,
    bool DemoMode);

/// <summary>The checks that need no payment: settings, checkout id, the URLs Interkassa is given. Pure.</summary>
public static partial class SetupChecks
{
    public const string Settings = "Settings";
    public const string CheckoutId = "CheckoutId";
    public const string NotifyUrl = "NotifyUrl";
    public const string ReturnUrls = "ReturnUrls";
    public const string StoreUrl = "StoreUrl";
    public const string Api = "Api";

    /// <summary>The outcome names per check, for the language-pack test and the page.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Outcomes = new Dictionary<string, string[]>
    {
        [Settings] = ["Ok", "Missing"],
        [CheckoutId] = ["Ok", "BadShape"],
        [NotifyUrl] = ["Ok", "Http", "Local", "LocalDemo", "Invalid"],
        [ReturnUrls] = ["Ok", "Http", "Local", "LocalDemo", "Invalid"],
        [StoreUrl] = ["Ok", "NotSet", "Differs"],
        [Api] = ["Ok", "NotSet", "Failed"],
    };

    public static IReadOnlyList<SetupCheck> Run(SetupCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var checks = new List<SetupCheck> { CheckSettings(input) };
        if (input.CheckoutId.Length > 0)
        {
            checks.Add(CheckoutIdShape().IsMatch(input.CheckoutId)
                ? new SetupCheck(CheckoutId, "Ok", CheckLevel.Ok)
                : new SetupCheck(CheckoutId, "BadShape", CheckLevel.Error));
        }

        var location = input.StoreLocation.EndsWith('/') ? input.StoreLocation : input.StoreLocation + "/";
        checks.Add(CheckUrl(NotifyUrl, location + InterkassaDefaults.NotifyPath, input.DemoMode));
        checks.Add(CheckUrl(ReturnUrls, location + InterkassaDefaults.SuccessPath, input.DemoMode));
        checks.Add(CheckStoreUrl(input));
        return checks;
    }

    /// <summary>Is this a host Interkassa's servers cannot reach: loopback, a private or link-local address, a local name?</summary>
    public static bool IsLocalHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(name, out var address))
            return IsPrivate(address);
        return name.Length == 0
            || name == "localhost"
            || !name.Contains('.', StringComparison.Ordinal)
            || name.EndsWith(".localhost", StringComparison.Ordinal)
            || name.EndsWith(".local", StringComparison.Ordinal)
            || name.EndsWith(".lan", StringComparison.Ordinal)
            || name.EndsWith(".internal", StringComparison.Ordinal)
            || name.EndsWith(".home.arpa", StringComparison.Ordinal);
    }

    private static SetupCheck CheckSettings(SetupCheckInput input)
    {
        var missing = new List<string>();
        if (input.CheckoutId.Length == 0)
            missing.Add("CheckoutId");
        if (!input.HasSecretKey)
            missing.Add("SecretKey");
        if (input.TestMode && !input.HasTestKey)
            missing.Add("TestKey");
        return missing.Count == 0
            ? new SetupCheck(Settings, "Ok", CheckLevel.Ok)
            : new SetupCheck(Settings, "Missing", CheckLevel.Error, missing);
    }

    private static SetupCheck CheckUrl(string name, string url, bool demoMode)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return new SetupCheck(name, "Invalid", CheckLevel.Error, url);
        if (IsLocalHost(uri.Host))
        {
            // The demo's sandbox posts inside the store, so a local address works there, and only there.
            return demoMode
                ? new SetupCheck(name, "LocalDemo", CheckLevel.Ok, url)
                : new SetupCheck(name, "Local", CheckLevel.Warning, url);
        }

        return uri.Scheme == Uri.UriSchemeHttps
            ? new SetupCheck(name, "Ok", CheckLevel.Ok, url)
            : new SetupCheck(name, "Http", CheckLevel.Warning, url);
    }

    private static SetupCheck CheckStoreUrl(SetupCheckInput input)
    {
        if (input.ConfiguredStoreUrl.Trim().Length == 0)
            return new SetupCheck(StoreUrl, "NotSet", CheckLevel.Warning, input.StoreLocation);
        var configuredHost = Uri.TryCreate(input.ConfiguredStoreUrl.Trim(), UriKind.Absolute, out var configured) ? configured.Host : input.ConfiguredStoreUrl;
        var requestHost = input.RequestHost.Split(':')[0];
        return string.Equals(configuredHost, requestHost, StringComparison.OrdinalIgnoreCase)
            ? new SetupCheck(StoreUrl, "Ok", CheckLevel.Ok, input.StoreLocation)
            : new SetupCheck(StoreUrl, "Differs", CheckLevel.Warning, input.StoreLocation, requestHost);
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (first & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex CheckoutIdShape();
}
