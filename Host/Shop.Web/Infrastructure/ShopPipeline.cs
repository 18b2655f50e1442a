using Shop.Web.PluginSystem;
using Shop.Web.Web;

namespace Shop.Web.Infrastructure;

/// <summary>The request pipeline, in order.</summary>
public static class ShopPipeline
{
    public static void UseShopPipeline(this WebApplication app, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(catalog);

        // Client address and scheme from trusted proxies, before anything reads them.
        app.UseForwardedHeaders();

        // Errors: a friendly page for exceptions and for every 4xx/5xx without a body (400, 403, 404...).
        if (app.Environment.IsDevelopment())
            app.UseDeveloperExceptionPage();
        else
            app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");

        app.UseStaticFiles();
        app.UseMiddleware<SwitchMiddleware>();
        app.UseRouting();
        // A plugin endpoint answers 503 "ERR retry" when the database fails anywhere below (gate, sign-in, plugin).
        app.UseMiddleware<PluginDatabaseFaultBarrier>();
        // Named policies that plugins register apply to their endpoints (after routing, before any endpoint work).
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        // A plugin's endpoints answer 404 while it is not installed.
        app.UseMiddleware<PluginEndpointGate>();

        // Plugins' middleware and endpoints come before the store's own pages.
        foreach (var startup in catalog.Startups)
            startup.Configure(app);

        // Each provider maps into a group that names its plugin, so the gate and the fault barrier know its endpoints
        // (a plain RequestDelegate carries no MethodInfo to tell where it came from).
        foreach (var (plugin, routes) in catalog.RouteProviders)
            routes.RegisterRoutes(app.MapGroup("").WithMetadata(new PluginEndpointMetadata(plugin.Assembly!)));

        app.MapShopHealth();
        app.MapPluginLogos();
        DemoSandbox.Map(app);
        app.MapControllers();
        app.MapRazorPages();
    }
}
