using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Web.Services.Orders;

namespace Shop.Web.Pages.Admin.Orders;

/// <summary>Orders, newest first, optionally of one payment status.</summary>
public sealed class IndexModel(OrderService orders) : PageModel
{
    private const int PageSize = 50;

    public IReadOnlyList<Abstractions.Domain.Order> Orders { get; private set; } = [];

    public PaymentStatus? Status { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int Pages { get; private set; }

    public async Task OnGetAsync(string? status, int page = 1)
    {
        Status = Enum.TryParse<PaymentStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        PageNumber = Math.Max(1, page);
        var (found, total) = await orders.SearchAsync(Status, PageNumber, PageSize);
        Orders = found;
        Pages = (total + PageSize - 1) / PageSize;
    }
}
