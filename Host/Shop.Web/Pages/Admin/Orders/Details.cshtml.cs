using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Web.Services.Orders;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin.Orders;

/// <summary>One order for the admin: all notes, mark paid, refunds (through the plugin or offline), void, cancel, add a note.</summary>
public sealed class DetailsModel(IOrderService orders, OrderProcessingService processing, ShopUi ui) : PageModel
{
    private const int MaxNoteLength = 4000;

    public Abstractions.Domain.Order? Order { get; private set; }

    public IReadOnlyList<OrderNote> Notes { get; private set; } = [];

    public bool CanMarkPaid { get; private set; }

    public bool CanRefund { get; private set; }

    public bool CanRefundOffline { get; private set; }

    public bool CanVoid { get; private set; }

    public bool CanCancel { get; private set; }

    /// <summary>Whether any partial refund (plugin or offline) is possible: the order is paid and not fully refunded.</summary>
    public bool CanPartiallyRefundSomething { get; private set; }

    public bool PluginPartialRefund { get; private set; }

    public string? RefundUnavailable { get; private set; }

    public string? PartialRefundUnavailable { get; private set; }

    public string? ActionError { get; private set; }

    public string? Amount { get; private set; }

    public string? AmountError { get; private set; }

    public string? NoteText { get; private set; }

    public string? NoteError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostMarkPaidAsync(int id) => ActAsync(id, async order =>
    {
        var outcome = await processing.MarkOrderAsPaidAsync(order);
        return outcome == MarkPaidOutcome.Marked ? null : ui["Admin.Orders.MarkPaid.Outcome." + outcome];
    });

    public Task<IActionResult> OnPostRefundAsync(int id) => ActAsync(id, async order =>
    {
        var errors = await processing.RefundAsync(order);
        return errors.Count == 0 ? null : string.Join("; ", errors);
    });

    public Task<IActionResult> OnPostRefundOfflineAsync(int id) => ActAsync(id, async order =>
    {
        if (!processing.CanRefundOffline(order))
            return ui["Orders.Error.CannotRefund"];
        await processing.RefundOfflineAsync(order);
        return null;
    });

    public Task<IActionResult> OnPostVoidAsync(int id) => ActAsync(id, async order =>
    {
        if (!processing.CanVoidOffline(order))
            return ui["Orders.Error.CannotVoid"];
        await processing.VoidOfflineAsync(order);
        return null;
    });

    public Task<IActionResult> OnPostCancelAsync(int id) => ActAsync(id, async order =>
    {
        if (order.OrderStatus != OrderStatus.Pending)
            return ui["Orders.Error.CannotCancel"];
        await processing.CancelOrderAsync(order);
        return null;
    });

    public async Task<IActionResult> OnPostPartialRefundAsync(int id, string? amount, bool offline)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Amount = amount;
        var order = Order!;
        if (!DecimalInput.TryParse(amount, out var value) || value <= 0m || decimal.Round(value, 2) != value)
        {
            AmountError = ui["Admin.Orders.PartialRefund.Invalid"];
            return Page();
        }
        if (order.RefundedAmount + value > order.OrderTotal)
        {
            AmountError = ui.Format("Admin.Orders.PartialRefund.TooMuch", (order.OrderTotal - order.RefundedAmount).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
            return Page();
        }
        if (offline)
        {
            if (!processing.CanPartiallyRefundOffline(order, value))
            {
                AmountError = ui["Orders.Error.CannotRefund"];
                return Page();
            }
            await processing.PartiallyRefundOfflineAsync(order, value);
        }
        else
        {
            var errors = await processing.PartiallyRefundAsync(order, value);
            if (errors.Count > 0)
            {
                AmountError = string.Join("; ", errors);
                return Page();
            }
        }
        TempData["Message"] = ui["Admin.Orders.Done"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAddNoteAsync(int id, string? note, bool displayToCustomer)
    {
        if (!await LoadAsync(id))
            return NotFound();
        NoteText = note;
        var text = (note ?? "").Trim();
        if (text.Length == 0 || text.Length > MaxNoteLength)
        {
            NoteError = ui.Format("Admin.Orders.Note.Invalid", MaxNoteLength);
            return Page();
        }
        await orders.AddOrderNoteAsync(id, text, displayToCustomer);
        TempData["Message"] = ui["Admin.Orders.Note.Added"];
        return RedirectToPage(new { id });
    }

    /// <summary>Runs an action; a message back means it was refused, and the page shows it.</summary>
    private async Task<IActionResult> ActAsync(int id, Func<Abstractions.Domain.Order, Task<string?>> action)
    {
        if (!await LoadAsync(id))
            return NotFound();
        string? refused;
        try
        {
            refused = await action(Order!);
        }
        catch (InvalidOperationException e)
        {
            refused = e.Message;
        }
        if (refused is not null)
        {
            await LoadAsync(id);
            ActionError = refused;
            return Page();
        }
        TempData["Message"] = ui["Admin.Orders.Done"];
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id)
    {
        Order = await orders.GetOrderByIdAsync(id);
        if (Order is null)
            return false;
        Notes = await orders.GetOrderNotesAsync(id);
        CanMarkPaid = processing.CanMarkOrderAsPaid(Order);
        CanRefund = processing.CanRefund(Order);
        CanRefundOffline = processing.CanRefundOffline(Order);
        CanVoid = processing.CanVoidOffline(Order);
        CanCancel = Order.OrderStatus == OrderStatus.Pending;
        CanPartiallyRefundSomething = Order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded && Order.RefundedAmount < Order.OrderTotal;
        // A method that cannot refund because of its configuration says why in its own words.
        var pluginReason = await processing.PluginRefundReasonAsync(Order);
        var whyNot = processing.WhyNoPluginRefund(Order, partial: false);
        RefundUnavailable = CanRefund || whyNot is null ? null : Reason(whyNot, pluginReason);
        var whyNotPartial = processing.WhyNoPluginRefund(Order, partial: true);
        PluginPartialRefund = whyNotPartial is null;
        PartialRefundUnavailable = whyNotPartial is null ? null : Reason(whyNotPartial, pluginReason);
        return true;
    }

    private string Reason(string resource, string? pluginReason) =>
        pluginReason is not null && resource.EndsWith("NotSupported", StringComparison.Ordinal) ? pluginReason : ui[resource];
}
