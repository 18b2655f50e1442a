using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Web.Services.Customers;
using Shop.Web.Web;

namespace Shop.Web.Pages;

/// <summary>Cookie sign-in by e-mail and password (admins and registered customers).</summary>
public sealed class LoginModel(CustomerAccountService accounts, ShopUi ui) : PageModel
{
    public string? Error { get; private set; }

    public string Email { get; private set; } = "";

    /// <summary>The local page that sent the visitor here; empty when none (see <see cref="LandingPage"/>).</summary>
    public string ReturnUrl { get; private set; } = "";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Email = email ?? "";
        var customer = await accounts.ValidateLoginAsync(email ?? "", password ?? "");
        if (customer is null)
        {
            Error = ui["Login.Error"];
            return Page();
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, customer.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, customer.Email),
        };
        claims.AddRange((await accounts.GetRoleSystemNamesAsync(customer.Id)).Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(ReturnUrl.Length > 0 ? ReturnUrl : LandingPage(principal));
    }

    /// <summary>Where a sign-in without a return address leads: an admin to the admin panel, a buyer to the storefront.</summary>
    private static string LandingPage(ClaimsPrincipal user) => user.IsInRole(CustomerRoleNames.Administrators) ? "/Admin" : "/";

    private string SafeReturnUrl(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "";
}
