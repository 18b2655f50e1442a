using Autofac;
using Autofac.Extensions.DependencyInjection;
using Shop.Web.Data;
using Shop.Web.PluginSystem;

namespace Shop.Web.Infrastructure;

/// <summary>Builds the store: plugins are loaded first, because their startup hooks take part in registration.</summary>
public static class ShopApplication
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var database = StoreDatabase.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        var pluginsDirectory = Path.Combine(builder.Environment.ContentRootPath, builder.Configuration["Plugins:Directory"] ?? "Plugins");
        var catalog = new PluginCatalog(pluginsDirectory);
        catalog.DiscoverAndLoad();

        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
        builder.AddShopFramework(database, catalog);
        builder.Host.ConfigureContainer<ContainerBuilder>((context, container) =>
            container.AddShopServices(database, catalog, context.Configuration));

        var app = builder.Build();
        app.UseShopPipeline(catalog);
        return app;
    }

    /// <summary>Creates or migrates the database, seeds the demo store on first run, and brings plugins up to date.</summary>
    public static async Task InitializeAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StoreInitializer>().InitializeAsync();
        var sinceProcessStart = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
        app.Logger.LogInformation("Store initialized in {Initialization:F0} ms ({SinceStart:F0} ms since the process started)",
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, sinceProcessStart.TotalMilliseconds);
    }
}

/// <summary>
/// Names the store's assembly for <c>WebApplicationFactory&lt;StoreEntryPoint&gt;</c> in test projects that also reference
/// another web project (the sandbox), where the global <c>Program</c> type is ambiguous. The entry point stays <c>Program.Main</c>.
/// </summary>
public sealed class StoreEntryPoint;
