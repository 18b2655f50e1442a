using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Plugin.Payments.Interkassa.Operations;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Web.Components;

/// <summary>The order page's panel model; money is shown in <see cref="Culture"/> (the admin's language) with its currency code.</summary>
public sealed record AdminOrderPanel(Order Order, OrderPaymentSummary Summary, bool CanSendPaymentLink, CultureInfo Culture)
{
    public string Money(decimal? amount, string? currency) =>
        amount is { } value ? value.ToString("N2", Culture) + " " + currency : "—";

    public string JournalUrl => "/Admin/PaymentInterkassa/Journal?Order=" + Order.Id.ToString(CultureInfo.InvariantCulture);

    public string PaymentLinkUrl => "/Admin/PaymentInterkassa/PaymentLink?orderId=" + Order.Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The Interkassa panel on the store's admin order page (see <see cref="Shop.Abstractions.Payments.IAdminOrderPanel"/>).</summary>
public sealed class AdminOrderPanelViewComponent(OrderPaymentSummaryQuery summaries, IWorkContext workContext) : ViewComponent
{
    public const string ViewPath = "/Web/Views/AdminOrderPanel.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var summary = await summaries.GetAsync(order.Id, HttpContext.RequestAborted);
        var language = await workContext.GetWorkingLanguageAsync();
        var canSendLink = order.PaymentStatus == PaymentStatus.Pending && order.OrderStatus != OrderStatus.Cancelled;
        return View(ViewPath, new AdminOrderPanel(order, summary, canSendLink, CultureOf(language.LanguageCulture)));
    }

    private static CultureInfo CultureOf(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
