using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Web.PluginSystem;
using Shop.Web.Services.Orders;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin.Orders;

/// <summary>
/// One order for the admin: the payment method's own panel (<see cref="IAdminOrderPanel"/>), all notes, mark paid, refunds (through the plugin or offline), void, cancel, add a note.
/// A refund moves money, so it is asked twice: the first post shows the amount and currency to confirm, only a post
/// with <c>confirmed</c> refunds; the result is said in words at the top of the page.
/// </summary>
public sealed class DetailsModel(IOrderService orders, OrderProcessingService processing, ICurrencyService currencies, PluginManager plugins, ShopUi ui,
    TimeProvider time) : PageModel
{
    /// <summary>A refund waiting for the admin's yes: which handler, how much (primary currency), in words.</summary>
    public sealed record RefundConfirmation(string Handler, decimal Amount, bool Offline, string Question, string Button);
    private const int MaxNoteLength = 4000;

    public Abstractions.Domain.Order? Order { get; private set; }

    public IReadOnlyList<OrderNote> Notes { get; private set; } = [];

    public IList<OrderItem> Items { get; private set; } = [];

    /// <summary>The order's payment method's own panel (a view component invoked with the order), or null.</summary>
    public Type? PaymentPanel { get; private set; }

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

    public RefundConfirmation? Confirmation { get; private set; }

    /// <summary>What is left to refund (primary currency), for «refund the rest».</summary>
    public decimal Remaining => Order is null ? 0m : Order.OrderTotal - Order.RefundedAmount;

    /// <summary>The remaining amount as typed in the amount box (invariant, two decimals).</summary>
    public string RemainingText => Remaining.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An amount of the primary currency with its sign and code, e.g. «57,50 ₽ (RUB)».</summary>
    public async Task<string> PrimaryMoneyAsync(decimal amount)
    {
        var primary = await currencies.GetPrimaryStoreCurrencyAsync();
        return $"{ShopUi.Money(amount, primary.CurrencyCode, primary.DisplayLocale, ui.Culture)} ({primary.CurrencyCode})";
    }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostMarkPaidAsync(int id) => ActAsync(id, async order =>
    {
        var outcome = await processing.TryMarkOrderAsPaidAsync(order);
        return outcome == MarkPaidOutcome.Marked ? null : ui["Admin.Orders.MarkPaid.Outcome." + outcome];
    });

    public async Task<IActionResult> OnPostRefundAsync(int id, bool confirmed)
    {
        if (!confirmed)
            return await AskAsync(id, "Refund", offline: false);
        return await ActAsync(id, async order =>
        {
            var errors = await processing.RefundAsync(order);
            return errors.Count == 0 ? null : string.Join("; ", errors);
        }, RefundedMessageAsync);
    }

    public async Task<IActionResult> OnPostRefundOfflineAsync(int id, bool confirmed)
    {
        if (!confirmed)
            return await AskAsync(id, "RefundOffline", offline: true);
        return await ActAsync(id, async order =>
        {
            if (!processing.CanRefundOffline(order))
                return ui["Orders.Error.CannotRefund"];
            await processing.RefundOfflineAsync(order);
            return null;
        }, RefundedMessageAsync);
    }

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

    public async Task<IActionResult> OnPostPartialRefundAsync(int id, string? amount, bool offline, bool confirmed)
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
        if (!confirmed)
        {
            Confirmation = await ConfirmationAsync("PartialRefund", value, offline);
            return Page();
        }
        var before = order.RefundedAmount;
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
        TempData["Message"] = await RefundedMessageAsync(await orders.GetOrderByIdAsync(id) ?? order, before);
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
        await orders.InsertOrderNoteAsync(new OrderNote
        {
            OrderId = id, Note = text, DisplayToCustomer = displayToCustomer, CreatedOnUtc = time.GetUtcNow().UtcDateTime,
        });
        TempData["Message"] = ui["Admin.Orders.Note.Added"];
        return RedirectToPage(new { id });
    }

    /// <summary>Shows the page with the refund of everything left to confirm.</summary>
    private async Task<IActionResult> AskAsync(int id, string handler, bool offline)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Confirmation = await ConfirmationAsync(handler, Remaining, offline);
        return Page();
    }

    private async Task<RefundConfirmation> ConfirmationAsync(string handler, decimal amount, bool offline)
    {
        var money = await PrimaryMoneyAsync(amount);
        var question = ui.Format(offline ? "Admin.Orders.Refund.ConfirmOffline" : "Admin.Orders.Refund.Confirm", money, Order!.CustomOrderNumber,
            await PrimaryMoneyAsync(Order.OrderTotal), await PrimaryMoneyAsync(Order.RefundedAmount));
        return new RefundConfirmation(handler, amount, offline, question, ui.Format("Admin.Orders.Refund.ConfirmButton", money));
    }

    /// <summary>«Refunded 10,00 ₽ (RUB). Payment status: Partially refunded.» — what happened, in words.</summary>
    private async Task<string> RefundedMessageAsync(Abstractions.Domain.Order after, decimal refundedBefore) =>
        ui.Format("Admin.Orders.Refund.Done", await PrimaryMoneyAsync(after.RefundedAmount - refundedBefore), ui.PaymentStatus(after.PaymentStatus));

    /// <summary>Runs an action; a message back means it was refused, and the page shows it.</summary>
    private async Task<IActionResult> ActAsync(int id, Func<Abstractions.Domain.Order, Task<string?>> action,
        Func<Abstractions.Domain.Order, decimal, Task<string>>? done = null)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var refundedBefore = Order!.RefundedAmount;
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
        TempData["Message"] = done is null ? ui["Admin.Orders.Done"]
            : await done(await orders.GetOrderByIdAsync(id) ?? Order!, refundedBefore);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id)
    {
        Order = await orders.GetOrderByIdAsync(id);
        if (Order is null)
            return false;
        Notes = await orders.GetOrderNotesAsync(id);
        Items = await orders.GetOrderItemsAsync(id);
        PaymentPanel = (plugins.GetLoadedInstance(Order.PaymentMethodSystemName) as IAdminOrderPanel)?.GetAdminOrderPanelViewComponent();
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
