using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Web.Services.Payments;

namespace Shop.Web.Web;

/// <summary>Turns a post-process outcome into the response: a redirect, the auto-submitting form, or the order page.</summary>
public static class HandoffResults
{
    public static IActionResult ToResult(PageModel page, Order order, HandoffOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Failed)
            return page.RedirectToPage("/Order/Details", new { orderGuid = order.OrderGuid, handoff = "failed" });
        if (outcome.Handoff is null)
            return page.RedirectToPage("/Order/Details", new { orderGuid = order.OrderGuid });
        return outcome.Handoff.IsForm ? page.Partial("_PaymentHandoff", outcome.Handoff) : new RedirectResult(outcome.Handoff.Url);
    }
}
