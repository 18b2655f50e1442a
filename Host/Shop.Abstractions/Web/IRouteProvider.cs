using Microsoft.AspNetCore.Routing;

namespace Shop.Abstractions.Web;

/// <summary>
/// A plugin's routes and endpoints, as nopCommerce's <c>IRouteProvider</c> (Nop.Web.Framework.Mvc.Routing): the store
/// finds every implementation in a plugin's assembly (it needs a public parameterless constructor) and lets it map its
/// routes before the store maps its own controllers and pages. An endpoint mapped here is a plugin endpoint like its
/// controllers: it answers 404 while the plugin is not installed, and 503 when the database fails under it.
/// </summary>
public interface IRouteProvider
{
    /// <summary>Maps the plugin's routes (controller routes or plain endpoints).</summary>
    void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder);

    /// <summary>Providers with a higher priority map first.</summary>
    int Priority { get; }
}
