namespace Shop.Web.Infrastructure;

/// <summary>
/// Demo mode (<c>Demo:Enabled</c>, on by default) mounts the Interkassa sandbox in the store at <see cref="PathPrefix"/>,
/// configured from the <c>Sandbox</c> section. The sandbox project (Sandbox/Interkassa.Sandbox) is being written in
/// another branch; when it lands, the lead references it from Shop.Web.csproj and these two methods call
/// <c>services.AddInterkassaSandbox(configuration.GetSection("Sandbox"))</c> and
/// <c>endpoints.MapInterkassaSandbox(PathPrefix)</c> (namespace Interkassa.Sandbox). Until then they do nothing.
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
    }

    public static void Map(IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!IsEnabled(configuration))
            return;
    }
}
