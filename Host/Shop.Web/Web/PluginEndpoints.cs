using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Shop.Web.Data;
using Shop.Web.PluginSystem;

namespace Shop.Web.Web;

/// <summary>
/// Answers 404 for a plugin's pages, controllers and endpoints while the plugin is not installed,
/// so installing and uninstalling take effect without a restart. Installed state is read from the database.
/// </summary>
public sealed class PluginEndpointGate(RequestDelegate next, PluginCatalog catalog)
{
    public async Task InvokeAsync(HttpContext context, ShopDbContext db)
    {
        ArgumentNullException.ThrowIfNull(context);
        var assembly = DeclaringAssembly(context.GetEndpoint());
        if (assembly is not null && catalog.FindByAssembly(assembly) is { } plugin
            && !await db.InstalledPlugins.AnyAsync(p => p.SystemName == plugin.Descriptor.SystemName))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    }

    private static Assembly? DeclaringAssembly(Endpoint? endpoint)
    {
        if (endpoint is null)
            return null;
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
            return action.ControllerTypeInfo.Assembly;
        if (metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            return page.PageTypeInfo.Assembly;
        return metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Assembly;
    }
}

/// <summary>Serves a plugin's logo (<c>logo.png|jpg|gif</c> in its folder) and nothing else from plugin folders.</summary>
public static class PluginLogoEndpoint
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["gif"] = "image/gif",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IEndpointConventionBuilder MapPluginLogos(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/Plugins/{folder}/logo.{extension}", (string folder, string extension, PluginCatalog catalog) =>
        {
            if (!ContentTypes.TryGetValue(extension, out var contentType))
                return Results.NotFound();
            var entry = catalog.Entries.FirstOrDefault(e => string.Equals(e.FolderName, folder, StringComparison.OrdinalIgnoreCase));
            if (entry?.Descriptor.PluginDirectory is not { } directory)
                return Results.NotFound();
            var path = Path.Combine(directory, "logo." + extension.ToLowerInvariant());
            return File.Exists(path) ? Results.File(path, contentType) : Results.NotFound();
        });

    /// <summary>The logo URL of a plugin folder, or null when it has none.</summary>
    public static string? LogoUrl(PluginEntry? entry)
    {
        if (entry?.Descriptor.PluginDirectory is not { } directory)
            return null;
        foreach (var extension in ContentTypes.Keys)
        {
            if (File.Exists(Path.Combine(directory, "logo." + extension)))
                return $"/Plugins/{Uri.EscapeDataString(entry.FolderName)}/logo.{extension}";
        }
        return null;
    }
}

/// <summary><c>/health</c>: the checks (the database's and any a plugin added) as JSON; 503 when one is unhealthy.</summary>
public static class HealthEndpoint
{
    public static IEndpointConventionBuilder MapShopHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>The database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(ShopDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database is reachable.")
                : HealthCheckResult.Unhealthy("The database is not reachable.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", e);
        }
    }
}
