using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Operations;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>The payment link of a pending Interkassa order, to send to a buyer who ordered by phone or e-mail.</summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed class PaymentLinkModel(PaymentLinkService links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int OrderId { get; set; }

    public PaymentLinkInfo Link { get; private set; } = new(null, null, null, null);

    public async Task OnGetAsync() => Link = await links.GetForAdminAsync(OrderId);
}
