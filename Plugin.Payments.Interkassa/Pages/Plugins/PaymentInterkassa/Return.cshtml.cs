using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Pages.Plugins.PaymentInterkassa;

/// <summary>
/// Where Interkassa sends the buyer back (Success, Fail, Pending). The return is unsigned, so this page
/// only reads: it shows the order's real state from the database and never changes it.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ReturnModel(InterkassaDbContext db, IOrderService orderService, IWorkContext workContext) : PageModel
{
    /// <summary>How long the page keeps refreshing while the notification is awaited (attempts × seconds).</summary>
    public const int MaxRefreshes = 20;
    public const int RefreshSeconds = 3;

    [FromRoute]
    public string Outcome { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "ik_pm_no")]
    public string? PaymentNo { get; set; }

    [BindProperty(SupportsGet = true, Name = "attempt")]
    public int Attempt { get; set; }

    public Order? Order { get; private set; }

    /// <summary>Whether the visitor placed this order (same customer): only then are details and "pay again" shown.</summary>
    public bool IsOwner { get; private set; }

    public bool IsPaid => Order?.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;

    /// <summary>Refresh while the order is still pending and the buyer was told it succeeded or is pending.</summary>
    public bool ShouldRefresh => Order is not null && !IsPaid && Order.PaymentStatus == PaymentStatus.Pending
                                 && !IsFail && Attempt < MaxRefreshes;

    public bool IsFail => string.Equals(Outcome, "Fail", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// «Pay again» only after Interkassa said the payment failed: on Success or Pending the money may still be on its
    /// way, and a second payment would charge the buyer twice.
    /// </summary>
    public bool CanPayAgain => IsFail && Order is { PaymentStatus: PaymentStatus.Pending } && Order.OrderStatus != OrderStatus.Cancelled;

    public string RefreshUrl =>
        $"/Plugins/PaymentInterkassa/{Outcome}?ik_pm_no={Uri.EscapeDataString(PaymentNo ?? "")}&attempt={Attempt + 1}";

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task OnPostAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(PaymentNo) && Request.HasFormContentType)
            PaymentNo = Request.Form["ik_pm_no"];
        if (string.IsNullOrEmpty(PaymentNo) || PaymentNo.Length > 32)
            return;

        var request = await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.PaymentNo == PaymentNo, cancellationToken);
        if (request is null)
            return;
        Order = await orderService.GetOrderByIdAsync(request.OrderId);
        if (Order is not null)
            IsOwner = (await workContext.GetCurrentCustomerAsync()).Id == Order.CustomerId;
    }
}
