using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Web.Web;

namespace Shop.Web.Pages.Checkout;

/// <summary>Checkout step 2: the payment methods available for this cart, with fee, description and logo.</summary>
public sealed class PaymentModel(CheckoutFlow flow, ShopUi ui) : PageModel
{
    public IReadOnlyList<PaymentMethodOption> Methods { get; private set; } = [];

    public string? Selected { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? method)
    {
        var checkout = await flow.LoadAsync();
        if (checkout.Cart.Count == 0)
            return RedirectToPage("/Cart");
        if (!checkout.HasContact)
            return RedirectToPage("/Checkout/Index");
        Methods = await flow.GetPaymentMethodsAsync(checkout);
        Selected = Methods.Any(m => m.SystemName == method) ? method : Methods.FirstOrDefault()?.SystemName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? method)
    {
        var checkout = await flow.LoadAsync();
        if (checkout.Cart.Count == 0)
            return RedirectToPage("/Cart");
        if (!checkout.HasContact)
            return RedirectToPage("/Checkout/Index");
        Methods = await flow.GetPaymentMethodsAsync(checkout);
        var chosen = Methods.FirstOrDefault(m => m.SystemName == method);
        if (chosen is null)
        {
            Error = ui["Checkout.Error.ChooseMethod"];
            return Page();
        }
        return RedirectToPage("/Checkout/Confirm", new { method = chosen.SystemName });
    }
}
