using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Web.Services.Customers;
using Shop.Web.Web;

namespace Shop.Web.Pages.Checkout;

/// <summary>Checkout step 1: e-mail, full name and billing country, saved on the customer.</summary>
public sealed class ContactModel(CheckoutFlow flow, ICountryService countries, CustomerAccountService accounts, ShopUi ui) : PageModel
{
    [BindProperty]
    public ContactInput Input { get; set; } = new();

    public IReadOnlyList<Country> Countries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var checkout = await flow.LoadAsync();
        if (checkout.Cart.Count == 0)
            return RedirectToPage("/Cart");
        Input = new ContactInput
        {
            Email = checkout.Customer.Email,
            FullName = checkout.Customer.FullName,
            Country = checkout.Customer.BillingCountryCode,
        };
        Countries = await countries.GetAllCountriesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var checkout = await flow.LoadAsync();
        if (checkout.Cart.Count == 0)
            return RedirectToPage("/Cart");
        Countries = await countries.GetAllCountriesAsync();
        // Binding only fills strings; every rule is checked here so each message is in the buyer's language.
        ModelState.Clear();
        var email = (Input.Email ?? "").Trim();
        var name = (Input.FullName ?? "").Trim();
        var country = (Input.Country ?? "").Trim().ToUpperInvariant();
        if (email.Length == 0)
            ModelState.AddModelError("Input.Email", ui["Checkout.Error.EmailRequired"]);
        else if (email.Length > 254 || !IsEmail(email))
            ModelState.AddModelError("Input.Email", ui["Checkout.Error.EmailInvalid"]);
        if (name.Length == 0)
            ModelState.AddModelError("Input.FullName", ui["Checkout.Error.NameRequired"]);
        else if (name.Length > 200)
            ModelState.AddModelError("Input.FullName", ui["Checkout.Error.NameTooLong"]);
        if (!Countries.Any(c => c.TwoLetterIsoCode == country))
            ModelState.AddModelError("Input.Country", ui["Checkout.Error.CountryRequired"]);
        if (!ModelState.IsValid)
            return Page();

        await accounts.SaveContactAsync(checkout.Customer, email, name, country);
        return RedirectToPage("/Checkout/Payment");
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal)
        && !value.Any(char.IsWhiteSpace);

    public sealed class ContactInput
    {
        public string? Email { get; set; }

        public string? FullName { get; set; }

        public string? Country { get; set; }
    }
}
