using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Services.Customers;

namespace Shop.Web.Pages;

/// <summary>The catalogue: every published product.</summary>
public sealed class IndexModel(ShopDbContext db, IWorkContext workContext, IStoreContext storeContext, ShoppingCartService carts) : PageModel
{
    public IReadOnlyList<Product> Products { get; private set; } = [];

    public async Task OnGetAsync() =>
        Products = await db.Products.AsNoTracking().Where(p => p.Published).OrderBy(p => p.DisplayOrder).ThenBy(p => p.Name).ToListAsync();

    public async Task<IActionResult> OnPostAddToCartAsync(int productId)
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        var store = await storeContext.GetCurrentStoreAsync();
        return await carts.AddAsync(customer, store.Id, productId, 1) ? RedirectToPage("/Cart") : NotFound();
    }
}
