using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the sandbox's services; <paramref name="sandboxSection"/> is bound to <see cref="SandboxOptions"/>.</summary>
    /// <param name="rules">What a host mounting the sandbox inside itself forbids; none for the standalone sandbox.</param>
    public static IServiceCollection AddInterkassaSandbox(this IServiceCollection services, IConfiguration sandboxSection, SandboxMountRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandboxSection);

        services.AddSingleton(rules ?? SandboxMountRules.None);
        services.AddOptions<SandboxOptions>().Bind(sandboxSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The sandbox's state lives as long as the app: singletons, never statics.
        services.AddSingleton<SandboxStore>();
        services.AddSingleton<ApiFaultSwitch>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService<DeliveryWorker>();

        services.AddHttpClient(DeliveryWorker.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            // Interkassa wants a plain 200 OK; a redirect (to a login page, say) is a failed delivery.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }

    /// <summary>Maps the SCI pages, the <c>/v1/</c> API and the <c>/_sandbox/</c> test endpoints under <paramref name="pathPrefix"/>.</summary>
    public static IEndpointRouteBuilder MapInterkassaSandbox(this IEndpointRouteBuilder endpoints, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var prefix = "/" + pathPrefix.Trim().Trim('/');
        if (prefix == "/")
        {
            prefix = "";
        }

        // Interkassa takes cross-site form posts without antiforgery tokens; so must its stand-in.
        var group = endpoints.MapGroup(prefix).DisableAntiforgery();
        var routes = new SandboxRoutes(prefix);
        var rules = endpoints.ServiceProvider.GetService<SandboxMountRules>() ?? SandboxMountRules.None;
        SciEndpoints.Map(group, routes);
        var hooks = TestHookEndpoints.Map(group);
        if (rules.TestHooksPolicy is { } policy)
        {
            hooks.RequireAuthorization(policy);
        }

        ApiEndpoints.Map(group.MapGroup("/v1"));
        return endpoints;
    }
}

/// <summary>Where the sandbox is mounted, so that pages link to the right place.</summary>
public sealed record SandboxRoutes(string Prefix)
{
    public string Base(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathBase.Value + Prefix;
    }
}
