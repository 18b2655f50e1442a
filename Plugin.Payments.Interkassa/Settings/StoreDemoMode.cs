using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// Whether the store runs its demo (the store's rule: <c>Demo:Enabled</c> and the Development environment). Only then
/// may the SCI and API URLs be paths into the store, where the demo mounts its sandbox; anywhere else such a path
/// would reach whatever the store serves there, which is not Interkassa.
/// </summary>
public sealed class StoreDemoMode(IConfiguration configuration, IHostEnvironment environment)
{
    public bool IsOn { get; } = environment.IsDevelopment() && configuration.GetValue("Demo:Enabled", false);

    /// <summary>A URL given as a path into the store (the demo's sandbox), not an absolute URL.</summary>
    public static bool IsStorePath(string url) => url.StartsWith('/');
}
