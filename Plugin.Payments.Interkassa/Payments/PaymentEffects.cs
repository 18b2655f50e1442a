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
            case PaymentAction.RecordPayment:
                return await ApplySuccessAsync(order, notification, fromReconciliation, cancellationToken);

            case PaymentAction.AlertAdmin:
                if (!await TryClaimAsync(order, notification, cancellationToken))
                    return Applied(NotificationVerdicts.Repeat, JournalDetail.Of("AlreadyReported"), order);
                await NoteAsync(order, "Notes.PaidButNotPayable", displayToCustomer: false, fromReconciliation,
                    notification.InvoiceId, Money(notification.Amount), notification.Currency);
                return Applied(NotificationVerdicts.Applied, JournalDetail.Of("PaidButNotPayable"), order);

            case PaymentAction.NoteOnly:
                if (!await TryClaimAsync(order, notification, cancellationToken))
                    return Applied(NotificationVerdicts.Repeat, JournalDetail.Of("StateAlreadyRecorded", stateName), order);
                var failed = notification.State is InvoiceState.Fail or InvoiceState.Canceled;
                await NoteAsync(order, failed ? "Notes.Failed" : "Notes.StateChanged", displayToCustomer: failed, fromReconciliation,
                    notification.InvoiceId, await StateNameAsync(notification.State, order));
                return Applied(NotificationVerdicts.Applied, JournalDetail.Of("StateRecorded", stateName), order);

            default:
                return Applied(NotificationVerdicts.Repeat, JournalDetail.Of("StateIgnored", stateName), order);
        }
    }

    /// <summary>
    /// A paid invoice. The (invoice, success) claim decides which delivery writes the note, exactly once; any delivery
    /// may mark the order paid (the store lets one win), so one that claimed and then failed before marking is
    /// completed by Interkassa's retry. A second paid invoice for the same order is reported: the buyer paid twice.
    /// </summary>
    private async Task<Verdict> ApplySuccessAsync(Order order, InterkassaNotification notification, bool fromReconciliation,
        CancellationToken cancellationToken)
    {
        var claimed = await TryClaimAsync(order, notification, cancellationToken);
        var marked = PaymentStateMachine.Decide(notification.State, order) == PaymentAction.MarkPaid
                     && await orderProcessing.MarkOrderAsPaidAsync(order) == MarkPaidOutcome.Marked;
        // The invoice belongs to the delivery that claimed it: every other one is a repeat, even when it was the one
        // whose update moved the order to Paid (the claimer then found it paid already).
        if (!claimed)
            return Applied(NotificationVerdicts.Repeat,
                JournalDetail.Of(marked ? "InvoiceRecordedElsewhereMarked" : "InvoiceAlreadyRecorded"), order);

        var earlierInvoice = await db.AppliedStates.AsNoTracking()
            .Where(a => a.OrderId == order.Id && a.State == "success" && a.InvoiceId != notification.InvoiceId)
            .OrderBy(a => a.Id).Select(a => a.InvoiceId).FirstOrDefaultAsync(cancellationToken);
        if (earlierInvoice is not null)
        {
            await NoteAsync(order, "Notes.PaidTwice", displayToCustomer: false, fromReconciliation,
                notification.InvoiceId, Money(notification.Amount), notification.Currency, earlierInvoice);
            return Applied(NotificationVerdicts.Applied, JournalDetail.Of("PaidTwice", earlierInvoice), order);
        }

        await NoteAsync(order, "Notes.Paid", displayToCustomer: false, fromReconciliation, notification.InvoiceId,
            notification.Payway, Money(notification.PayerPrice ?? notification.Amount), Money(notification.CreditedAmount),
            notification.Currency);
        return Applied(NotificationVerdicts.Applied, JournalDetail.Of(marked ? "MarkedPaid" : "PaymentRecorded"), order);
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
