using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Applies a verified invoice state to its order — the one path shared by notifications and
/// reconciliation. Each effect happens once: "paid" through the store's exactly-once transition,
/// every other note through the unique (invoice, state) row.
/// </summary>
public sealed class PaymentEffects(
    InterkassaDbContext db,
    IOrderProcessingService orderProcessing,
    IOrderService orderService,
    ILocalizationService localization,
    TimeProvider time)
{
    public async Task<Verdict> ApplyAsync(Order order, InterkassaNotification notification, bool fromReconciliation,
        CancellationToken cancellationToken = default)
    {
        var stateName = InvoiceStates.ToWire(notification.State);
        switch (PaymentStateMachine.Decide(notification.State, order))
        {
            case PaymentAction.MarkPaid:
                var outcome = await orderProcessing.MarkOrderAsPaidAsync(order);
                if (outcome != MarkPaidOutcome.Marked)
                    return Applied(NotificationVerdicts.Repeat, $"Order already {order.PaymentStatus}; nothing changed.", order);
                await TryClaimAsync(order, notification, cancellationToken);
                await NoteAsync(order, "Notes.Paid", displayToCustomer: false, fromReconciliation, notification.InvoiceId,
                    notification.Payway, Money(notification.PayerPrice ?? notification.Amount), Money(notification.CreditedAmount),
                    notification.Currency);
                return Applied(NotificationVerdicts.Applied, "Order marked as paid.", order);

            case PaymentAction.AlertAdmin:
                if (!await TryClaimAsync(order, notification, cancellationToken))
                    return Applied(NotificationVerdicts.Repeat, "Already reported to the admin.", order);
                await NoteAsync(order, "Notes.PaidButNotPayable", displayToCustomer: false, fromReconciliation,
                    notification.InvoiceId, Money(notification.Amount), notification.Currency);
                return Applied(NotificationVerdicts.Applied, $"Payment received for a {order.OrderStatus}/{order.PaymentStatus} order; the admin was told.", order);

            case PaymentAction.NoteOnly:
                if (!await TryClaimAsync(order, notification, cancellationToken))
                    return Applied(NotificationVerdicts.Repeat, $"State {stateName} was already recorded.", order);
                var failed = notification.State is InvoiceState.Fail or InvoiceState.Canceled;
                await NoteAsync(order, failed ? "Notes.Failed" : "Notes.StateChanged", displayToCustomer: failed, fromReconciliation,
                    notification.InvoiceId, await StateNameAsync(notification.State, order));
                return Applied(NotificationVerdicts.Applied, $"State {stateName} recorded; payment status stays {order.PaymentStatus}.", order);

            default:
                return Applied(NotificationVerdicts.Repeat,
                    $"State {stateName} ignored: the order is already {order.PaymentStatus}.", order);
        }
    }

    /// <summary>Claims (invoice, state) for this order; false when another delivery already did.</summary>
    private async Task<bool> TryClaimAsync(Order order, InterkassaNotification notification, CancellationToken cancellationToken)
    {
        // INSERT … ON CONFLICT DO NOTHING reads the same on SQLite and PostgreSQL; the row count says who won.
        var rows = await db.Database.ExecuteSqlRawAsync(
            $$"""INSERT INTO "{{InterkassaDbContext.AppliedStateTable}}" ("InvoiceId", "State", "OrderId", "AppliedOnUtc") VALUES ({0}, {1}, {2}, {3}) ON CONFLICT ("InvoiceId", "State") DO NOTHING""",
            [notification.InvoiceId, InvoiceStates.ToWire(notification.State), order.Id, time.GetUtcNow().UtcDateTime],
            cancellationToken);
        return rows == 1;
    }

    private async Task NoteAsync(Order order, string resource, bool displayToCustomer, bool fromReconciliation, params object?[] values)
    {
        var template = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource, order.CustomerLanguageId);
        var text = string.Format(CultureInfo.InvariantCulture, template, values);
        if (fromReconciliation)
            text += " " + await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Notes.FromReconciliation", order.CustomerLanguageId);
        await orderService.AddOrderNoteAsync(order.Id, text, displayToCustomer);
    }

    private Task<string> StateNameAsync(InvoiceState state, Order order) =>
        localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "States." + InvoiceStates.ToWire(state), order.CustomerLanguageId);

    private static Verdict Applied(string verdict, string detail, Order order) => new(verdict, null, detail, order.Id);

    private static string Money(decimal? amount) =>
        amount is null ? "—" : amount.Value.ToString("0.00##", CultureInfo.InvariantCulture);
}
