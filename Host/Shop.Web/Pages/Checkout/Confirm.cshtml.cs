using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Stores;
using Shop.Web.Services.Orders;
using Shop.Web.Services.Payments;
using Shop.Web.Web;

namespace Shop.Web.Pages.Checkout;

/// <summary>Checkout step 3: the totals, then placing the order and handing the buyer to the payment method.</summary>
public sealed class ConfirmModel(
    CheckoutFlow flow,
    IWorkContext workContext,
    OrderPlacementService placement,
    PaymentHandoffRunner handoff,
    ShopUi ui) : PageModel
{
    public CheckoutSnapshot? Checkout { get; private set; }

    public PaymentMethodOption? Method { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? method) => await LoadAsync(method) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? method)
    {
        if (await LoadAsync(method) is { } redirect)
            return redirect;

        var result = await placement.PlaceOrderAsync(new OrderRequest(Checkout!.Customer, Checkout.Store, Checkout.Cart, Method!.Method,
            await workContext.GetWorkingLanguageAsync(), await workContext.GetWorkingCurrencyAsync()));
        if (result.Order is null)
        {
            // Store errors are resource names; a plugin's errors are its own (already localized) text.
            Errors = result.Errors.Select(e => e.StartsWith("Checkout.", StringComparison.Ordinal) ? ui[e] : e).ToList();
            if (result.Errors.Contains(OrderPlacementService.CartChangedError) || result.Errors.Contains(OrderPlacementService.EmptyCartError))
                return RedirectToPage("/Cart");
            return Page();
        }
        return HandoffResults.ToResult(this, result.Order, await handoff.PostProcessAsync(result.Order));
    }

    /// <summary>Null when the page can be shown; otherwise where the buyer must go first.</summary>
    private async Task<IActionResult?> LoadAsync(string? method)
    {
        Checkout = await flow.LoadAsync();
        if (Checkout.Cart.Count == 0)
            return RedirectToPage("/Cart");
        if (!Checkout.HasContact)
            return RedirectToPage("/Checkout/Index");
        Method = (await flow.GetPaymentMethodsAsync(Checkout)).FirstOrDefault(m => m.SystemName == method);
        return Method is null ? RedirectToPage("/Checkout/Payment") : null;
    }
}
