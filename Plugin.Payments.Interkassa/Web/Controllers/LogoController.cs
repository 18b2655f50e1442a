using Microsoft.AspNetCore.Mvc;
using Plugin.Payments.Interkassa.Payments;

namespace Plugin.Payments.Interkassa.Web.Controllers;

/// <summary>A store's own logo at checkout (the logo of all stores is the plugin folder's, served by the store).</summary>
public sealed class LogoController(StoreLogos logos) : Controller
{
    [HttpGet("/" + InterkassaDefaults.LogoPath + "/{storeId:int:min(1)}")]
    public IActionResult Get(int storeId)
    {
        if (logos.PathOf(storeId) is not { } path || !System.IO.File.Exists(path))
            return NotFound();
        // Versioned by the file's time in the URL the checkout renders, so it may be cached for long.
        Response.Headers.CacheControl = "public, max-age=604800";
        return PhysicalFile(path, "image/png");
    }
}
