namespace Interkassa.Sandbox;

/// <summary>
/// Limits a host puts on a sandbox it mounts inside itself (the store's demo mode), where anyone who reaches the host
/// reaches the sandbox too. The standalone sandbox, which tests use as "the real Interkassa", runs with <see cref="None"/>.
/// </summary>
public sealed class SandboxMountRules
{
    /// <summary>No limits: every switch, open test hooks, notifications and returns wherever the request says.</summary>
    public static SandboxMountRules None { get; } = new();

    /// <summary>Only the test payway (signed with the test key): the <c>live</c> switch is refused and not offered.</summary>
    public bool TestPaywayOnly { get; init; }

    /// <summary>The authorization policy the <c>/_sandbox/</c> test hooks require; null leaves them open.</summary>
    public string? TestHooksPolicy { get; init; }

    /// <summary>Where every notification goes, whatever <c>ik_ia_u</c> says; null follows <c>ik_ia_u</c>.</summary>
    public Func<HttpRequest, Uri>? NotificationUrl { get; init; }

    /// <summary>
    /// Sends the buyer back only to the origin the buyer is on (scheme, host and port of the request); a return URL on
    /// another origin is not followed and the buyer sees the sandbox's result page instead.
    /// </summary>
    public bool ReturnOnlyToOwnOrigin { get; init; }

    /// <summary>Whether <paramref name="target"/> is on the same origin as <paramref name="request"/>.</summary>
    public static bool IsSameOrigin(Uri target, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var requestPort = request.Host.Port ?? (string.Equals(request.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        // HostString.Host keeps an IPv6 address's brackets, as Uri.Host does.
        return target.IsAbsoluteUri
            && string.Equals(target.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && (string.Equals(target.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
                || string.Equals(target.IdnHost, request.Host.Host, StringComparison.OrdinalIgnoreCase))
            && target.Port == requestPort;
    }
}
