using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Stores;
using Shop.Web.Services.Stores;

namespace Shop.Web.Pages.Admin;

/// <summary>The admin header's store selector: which store's settings the admin edits (0 = all stores).</summary>
public sealed class StoreScopeModel(IStoreService stores) : PageModel
{
    public IActionResult OnGet() => Redirect("/Admin");

    public async Task<IActionResult> OnPostAsync(int storeId, string? returnUrl)
    {
        var id = storeId != 0 && await stores.GetStoreByIdAsync(storeId) is not null ? storeId : 0;
        Response.Cookies.Append(ShopCookies.StoreScope, id.ToString(System.Globalization.CultureInfo.InvariantCulture), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
        });
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/Admin");
    }
}
