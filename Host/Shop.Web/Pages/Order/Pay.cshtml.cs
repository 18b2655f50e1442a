using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Orders;
using Shop.Web.Services.Payments;
using Shop.Web.Web;

namespace Shop.Web.Pages.Order;

/// <summary>"Pay again": runs PostProcessPayment once more when the payment method allows it, and hands the buyer off.</summary>
public sealed class PayModel(IOrderService orders, PaymentHandoffRunner handoff) : PageModel
{
    public IActionResult OnGet(Guid orderGuid) => RedirectToPage("/Order/Details", new { orderGuid });

    public async Task<IActionResult> OnPostAsync(Guid orderGuid)
    {
        var order = await orders.GetOrderByGuidAsync(orderGuid);
        if (order is null)
            return NotFound();
        if (!await handoff.CanPayAgainAsync(order))
            return RedirectToPage("/Order/Details", new { orderGuid, handoff = "unavailable" });
        return HandoffResults.ToResult(this, order, await handoff.PostProcessAsync(order));
    }
}
