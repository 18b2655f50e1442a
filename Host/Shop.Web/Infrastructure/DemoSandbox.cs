using Interkassa.Sandbox;

namespace Shop.Web.Infrastructure;

/// <summary>
/// Demo mode (<c>Demo:Enabled</c>, on by default) mounts the Interkassa sandbox in the store at <see cref="PathPrefix"/>,
/// configured from the <c>Sandbox</c> section, so that a purchase works with no outside service.
/// </summary>
public static class DemoSandbox
{
    public const string PathPrefix = "/sandbox/interkassa";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Demo:Enabled", true);

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!IsEnabled(configuration))
            return;
        services.AddInterkassaSandbox(configuration.GetSection("Sandbox"));
    }

    public static void Map(IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!IsEnabled(configuration))
            return;
        endpoints.MapInterkassaSandbox(PathPrefix);
    }
}
