using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Services.Customers;
using Shop.Web.Web;

namespace Shop.Web.Pages;

/// <summary>One product, with a quantity to add to the cart.</summary>
public sealed class ProductModel(ShopDbContext db, IWorkContext workContext, IStoreContext storeContext, ShoppingCartService carts, ShopUi ui)
    : PageModel
{
    public Product Product { get; private set; } = new();

    public string Quantity { get; private set; } = "1";

    public string? QuantityError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, string? quantity)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Quantity = quantity ?? "";
        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > ShoppingCartService.MaxQuantity)
        {
            QuantityError = ui.Format("Cart.Error.Quantity", ShoppingCartService.MaxQuantity);
            return Page();
        }
        var customer = await workContext.GetCurrentCustomerAsync();
        var store = await storeContext.GetCurrentStoreAsync();
        await carts.AddAsync(customer, store.Id, id, count);
        return RedirectToPage("/Cart");
    }

    private async Task<bool> LoadAsync(int id)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.Published);
        if (product is null)
            return false;
        Product = product;
        return true;
    }
}
