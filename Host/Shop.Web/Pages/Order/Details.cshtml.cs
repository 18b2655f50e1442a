using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Web.Services.Payments;
using Shop.Web.PluginSystem;
using Shop.Web.Web;

namespace Shop.Web.Pages.Order;

/// <summary>The buyer's order page. Knowing the order's guid is the permission to see it; no login is needed.</summary>
public sealed class DetailsModel(IOrderService orders, PaymentHandoffRunner handoffRunner, PluginCatalog catalog, ShopUi ui) : PageModel
{
    public Abstractions.Domain.Order? Order { get; private set; }

    public IReadOnlyList<OrderNote> Notes { get; private set; } = [];

    public IList<OrderItem> Items { get; private set; } = [];

    public string PaymentMethodName { get; private set; } = "";

    public bool CanPayAgain { get; private set; }

    public bool HandoffFailed { get; private set; }

    public bool PayAgainUnavailable { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid orderGuid, string? handoff)
    {
        Order = await orders.GetOrderByGuidAsync(orderGuid);
        if (Order is null)
            return NotFound();
        Notes = (await orders.GetOrderNotesAsync(Order.Id)).Where(n => n.DisplayToCustomer).ToList();
        Items = await orders.GetOrderItemsAsync(Order.Id);
        var descriptor = catalog.FindBySystemName(Order.PaymentMethodSystemName)?.Descriptor;
        PaymentMethodName = ui.Or("Plugins.FriendlyName." + Order.PaymentMethodSystemName, descriptor?.FriendlyName ?? Order.PaymentMethodSystemName);
        CanPayAgain = await handoffRunner.CanPayAgainAsync(Order);
        HandoffFailed = handoff == "failed";
        PayAgainUnavailable = handoff == "unavailable";
        return Page();
    }
}
