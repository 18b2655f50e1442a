using System.Collections.Frozen;
using System.Data.Common;
using System.Globalization;
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
/// so installing and uninstalling take effect without a restart. Installed state is read from the database
/// (through <see cref="ShopCache"/>, which every process drops when any of them installs or uninstalls).
/// </summary>
public sealed class PluginEndpointGate(RequestDelegate next, PluginCatalog catalog, ShopCache cache)
{
    public async Task InvokeAsync(HttpContext context, ShopDbContext db)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PluginEndpoints.PluginOf(context.GetEndpoint(), catalog) is { } plugin)
        {
            var installed = await cache.GetAsync("installed-plugins", db, async () =>
                (await db.InstalledPlugins.AsNoTracking().Select(p => p.SystemName).ToListAsync()).ToHashSet(StringComparer.Ordinal));
            if (!installed.Contains(plugin.Descriptor.SystemName))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }
        await next(context);
    }
}

/// <summary>
/// A plugin endpoint whose request fails in the database (server down, file read-only, disk full) — in the gate,
/// the authentication, a filter or the plugin itself — answers <c>503</c> with <c>Retry-After</c> and the body
/// <c>ERR retry</c>, never a 500 or an error page: the callers of plugin endpoints are mostly machines (payment
/// notifications) that retry on 503 and would give up, or show a stack trace, on anything else.
/// </summary>
public sealed class PluginDatabaseFaultBarrier(RequestDelegate next, PluginCatalog catalog, ILogger<PluginDatabaseFaultBarrier> logger)
{
    public const string Body = "ERR retry";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PluginEndpoints.PluginOf(context.GetEndpoint(), catalog) is not { } plugin)
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (DatabaseFaults.IsDatabaseFault(e) && !context.Response.HasStarted)
        {
            logger.LogWarning(e, "The database failed while serving {Plugin} at {Path}; answered 503", plugin.Descriptor.SystemName, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Body);
        }
    }
}

/// <summary>Marks the endpoints a plugin's <see cref="Shop.Abstractions.Web.IRouteProvider"/> mapped.</summary>
public sealed record PluginEndpointMetadata(Assembly Assembly);

/// <summary>Which plugin (if any) an endpoint belongs to.</summary>
public static class PluginEndpoints
{
    public static PluginEntry? PluginOf(Endpoint? endpoint, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return DeclaringAssembly(endpoint) is { } assembly ? catalog.FindByAssembly(assembly) : null;
    }

    private static Assembly? DeclaringAssembly(Endpoint? endpoint)
    {
        if (endpoint is null)
            return null;
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<PluginEndpointMetadata>() is { } mapped)
            return mapped.Assembly;
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

/// <summary>
/// The database takes a write: a heartbeat row is committed (a read alone would call a read-only file, a full disk or
/// a read-only replica healthy while every write fails). Written outside EF so it does not disturb the caches.
/// </summary>
public sealed class DatabaseHealthCheck(ShopDbContext db, TimeProvider time) : IHealthCheck
{
    public const string HeartbeatSettingName = "shop.health.heartbeat";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"Settings\" (\"Name\", \"Value\", \"StoreId\") VALUES (@name, @value, 0) "
                + "ON CONFLICT (\"Name\", \"StoreId\") DO UPDATE SET \"Value\" = excluded.\"Value\"";
            AddParameter(command, "@name", HeartbeatSettingName);
            AddParameter(command, "@value", time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database takes writes.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SqliteFaults.ForgetPoolAfterStorageFault(e, connection);
            return HealthCheckResult.Unhealthy("The database does not take writes.", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
