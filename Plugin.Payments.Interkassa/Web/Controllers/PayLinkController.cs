using Microsoft.AspNetCore.Mvc;
using Plugin.Payments.Interkassa.Operations;

namespace Plugin.Payments.Interkassa.Web.Controllers;

/// <summary>
/// Where a payment link leads: a fresh signed form that submits itself to Interkassa, or a page saying why the
/// order cannot be paid. Thin: the token and the order's state are judged by <see cref="PaymentLinkService"/>.
/// </summary>
public sealed class PayLinkController(PaymentLinkService links) : Controller
{
    public const string ViewPath = "/Web/Views/PayLink.cshtml";

    [HttpGet("/" + PaymentLinkService.PathPrefix + "{orderGuid:guid}")]
    public async Task<IActionResult> Open(Guid orderGuid, [FromQuery(Name = "t")] string? token, CancellationToken cancellationToken)
    {
        var opening = await links.OpenAsync(orderGuid, token, cancellationToken);

        // The token is in this page's URL: it must not travel to Interkassa as a Referer, nor sit in a cache.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.StatusCode = opening.StatusCode;
        return View(ViewPath, opening);
    }
}
