using Interkassa.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Shop.Abstractions.Web;

namespace Shop.Web.Infrastructure;

/// <summary>
/// In demo mode (<see cref="DemoMode"/>) the Interkassa sandbox is mounted in the store at <see cref="PathPrefix"/>,
/// fenced in: test payway only, test hooks for admins, notifications only to the store's own notification URL and
/// the buyer sent back only to the store. Without demo mode nothing of it is registered or mapped.
/// </summary>
public static class DemoSandbox
{
    public const string PathPrefix = "/sandbox/interkassa";

    /// <summary>The Interkassa plugin's notification endpoint (a fixed route of the plugin: Interkassa's cabinet holds it).</summary>
    public const string NotifyPath = "/Plugins/PaymentInterkassa/Notify";

    /// <summary>Decides demo mode (refusing it outside Development), registers it, and in demo mode the sandbox.</summary>
    public static void AddServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var demo = DemoMode.Decide(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(demo);
        builder.Services.AddScoped<DemoKeyStore>();
        if (!demo.IsOn)
            return;

        builder.Services.AddInterkassaSandbox(builder.Configuration.GetSection("Sandbox"), new SandboxMountRules
        {
            TestPaywayOnly = true,
            TestHooksPolicy = ShopWebDefaults.AdminPolicy,
            NotificationUrl = OwnNotificationUrl,
            ReturnOnlyToOwnOrigin = true,
        });
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<DemoMode>().IsOn)
            app.MapInterkassaSandbox(PathPrefix);
    }

    /// <summary>
    /// The plugin's notification URL on the address this store listens on, never one a request names: the sandbox
    /// signs what it sends, and must not post it to someone else's server (nor take the Host header's word for ours).
    /// </summary>
    private static Uri OwnNotificationUrl(HttpRequest request)
    {
        var addresses = request.HttpContext.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server does not tell its addresses.");
        var listening = addresses.Select(BindingAddress.Parse).OrderBy(a => a.Scheme == Uri.UriSchemeHttp ? 0 : 1).First();
        // A wildcard binding (http://*:5000, http://[::]:5000) is reached on this machine through loopback.
        var host = listening.Host is "*" or "+" or "0.0.0.0" or "[::]" ? "localhost" : listening.Host;
        return new UriBuilder(listening.Scheme, host, listening.Port, request.PathBase.Add(new PathString(NotifyPath)).Value).Uri;
    }
}
