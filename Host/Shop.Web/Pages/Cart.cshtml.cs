using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Stores;
using Shop.Web.Services.Customers;
using Shop.Web.Web;

namespace Shop.Web.Pages;

/// <summary>The buyer's cart: change quantities, remove lines, go to checkout.</summary>
public sealed class CartModel(IWorkContext workContext, IStoreContext storeContext, ShoppingCartService carts, ShopUi ui) : PageModel
{
    public IList<ShoppingCartItem> Cart { get; private set; } = [];

    public decimal Subtotal { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostUpdateAsync(int itemId, string? quantity)
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !await carts.UpdateQuantityAsync(customer, itemId, count))
        {
            Error = ui.Format("Cart.Error.Quantity", ShoppingCartService.MaxQuantity);
            await LoadAsync();
            return Page();
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int itemId)
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        await carts.UpdateQuantityAsync(customer, itemId, 0);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        var store = await storeContext.GetCurrentStoreAsync();
        Cart = await carts.GetShoppingCartAsync(customer, store.Id);
        Subtotal = await carts.GetCartSubTotalAsync(Cart);
    }
}
