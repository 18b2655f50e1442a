using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Data;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Applies an accepted invoice state to its order — the one path shared by notifications and reconciliation — in
/// one store transaction with its journal row: the (invoice, state) claim, the paid transition, the notes, the
/// order's <c>OrderPaidEvent</c> and the verdict commit together or not at all. The plugin owns exactly-once: only
/// the delivery that wins the claim asks the store to mark the order paid, so a store whose mark-paid is a plain
/// read-then-write still marks it once.
/// </summary>
public sealed class PaymentRecorder(
    InterkassaDbContext db,
    DeliveryQueries queries,
    IStoreTransactions transactions,
    IOrderProcessingService orderProcessing,
    IOrderService orderService,
    OrderNoteText notes,
    TimeProvider time)
{
    /// <summary>Applies <paramref name="invoice"/> to <paramref name="order"/> and stores <paramref name="journal"/> with the outcome.</summary>
    public async Task<DeliveryOutcome> ApplyAsync(Order order, InterkassaNotification invoice, NotificationRecord journal,
        CancellationToken cancellationToken = default) =>
        (await ApplyAllAsync([new PaymentToApply(order, invoice, journal)], cancellationToken))[0];

    /// <summary>
    /// Applies <paramref name="payments"/> in one store transaction, in order, each deciding on the order as the ones before
    /// it left it: all of them commit, or none (<see cref="PaymentGroupCommit"/>). Each caller's order then carries the
    /// state its payment left.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> ApplyAllAsync(IReadOnlyList<PaymentToApply> payments,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var decided = new List<(Order Current, DeliveryOutcome Outcome)>(payments.Count);
        await using (var transaction = await transactions.BeginAsync(cancellationToken))
        {
            transaction.Enlist(db);
            foreach (var payment in payments)
                decided.Add(await ApplyInTransactionAsync(payment, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        for (var i = 0; i < payments.Count; i++)
            CopyState(decided[i].Current, payments[i].Order);
        return decided.ConvertAll(d => d.Outcome);
    }

    private async Task<(Order Current, DeliveryOutcome Outcome)> ApplyInTransactionAsync(PaymentToApply payment, CancellationToken cancellationToken)
    {
        var (order, invoice, journal) = payment;
        await LockOrderAsync(order.Id, cancellationToken);
        // Decide on the order as it is now, under the lock: it may have been paid or cancelled since it was read.
        var current = await orderService.GetOrderByIdAsync(order.Id) ?? order;
        var outcome = await DecideAsync(current, invoice, journal.Source == JournalSources.Reconciliation, cancellationToken);

        journal.Verdict = outcome.Verdict;
        journal.Detail = outcome.Detail;
        journal.OrderId = current.Id;
        await db.InsertJournalRowAsync(journal, cancellationToken);
        return (current, outcome);
    }

    /// <summary>
    /// A validly signed payment the API denies is either Interkassa's mistake or an attack that got past the signature:
    /// refused, and the admin hears of it in the order's notes once per invoice — note and journal row in one transaction.
    /// </summary>
    public async Task<DeliveryOutcome> RefuseUnconfirmedAsync(Order order, InterkassaNotification invoice, NotificationRecord journal,
        string detail, CancellationToken cancellationToken = default)
    {
        var outcome = DeliveryOutcome.Reject(NotificationReasons.Unconfirmed, detail, order.Id);
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        transaction.Enlist(db);
        await LockOrderAsync(order.Id, cancellationToken);
        var alerted = await db.Notifications.AnyAsync(n => n.OrderId == order.Id && n.InvoiceId == invoice.InvoiceId
            && n.Reason == NotificationReasons.Unconfirmed, cancellationToken);
        if (!alerted)
            await orderService.AddNoteAsync(order.Id, await notes.TextAsync(order, "Notes.Unconfirmed", invoice.InvoiceId), displayToCustomer: false, time);

        journal.Verdict = outcome.Verdict;
        journal.Reason = outcome.Reason;
        journal.Detail = outcome.Detail;
        journal.OrderId = order.Id;
        await db.InsertJournalRowAsync(journal, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<DeliveryOutcome> DecideAsync(Order order, InterkassaNotification invoice, bool fromReconciliation,
        CancellationToken cancellationToken)
    {
        var stateName = JournalDetail.State(invoice.State);
        switch (PaymentStateMachine.Decide(invoice.State, order))
        {
            case PaymentAction.MarkPaid:
            case PaymentAction.RecordPayment:
                return await ApplySuccessAsync(order, invoice, fromReconciliation, cancellationToken);

            case PaymentAction.AlertAdmin:
                if (!await TryClaimAsync(order, invoice, cancellationToken))
                    return DeliveryOutcome.Repeat(JournalDetail.Of("AlreadyReported"), order.Id);
                // Cancelled by the auto-cancel rule: the admin's note says so and what to do (refund or reopen).
                var why = await db.Notifications.AnyAsync(n => n.OrderId == order.Id && n.Source == JournalSources.AutoCancel, cancellationToken)
                    ? "PaidAfterAutoCancel" : "PaidButNotPayable";
                await NoteAsync(order, "Notes." + why, displayToCustomer: false, fromReconciliation,
                    invoice.InvoiceId, Money(invoice.Amount), invoice.Currency);
                return DeliveryOutcome.Applied(JournalDetail.Of(why), order.Id);

            case PaymentAction.NoteOnly:
                if (!await TryClaimAsync(order, invoice, cancellationToken))
                    return DeliveryOutcome.Repeat(JournalDetail.Of("StateAlreadyRecorded", stateName), order.Id);
                var failed = invoice.State is InvoiceState.Fail or InvoiceState.Canceled;
                await NoteAsync(order, failed ? "Notes.Failed" : "Notes.StateChanged", displayToCustomer: failed, fromReconciliation,
                    invoice.InvoiceId, await StateNameAsync(invoice.State, order));
                return DeliveryOutcome.Applied(JournalDetail.Of("StateRecorded", stateName), order.Id);

            default:
                return DeliveryOutcome.Repeat(JournalDetail.Of("StateIgnored", stateName), order.Id);
        }
    }

    /// <summary>
    /// A paid invoice. The (invoice, success) claim decides which delivery acts; the claimer marks the order paid and
    /// writes the note. A claim found with the order still payable means a store without shared transactions failed
    /// between the two: this delivery completes it. A second paid invoice for the order is reported: the buyer paid twice.
    /// </summary>
    private async Task<DeliveryOutcome> ApplySuccessAsync(Order order, InterkassaNotification invoice, bool fromReconciliation,
        CancellationToken cancellationToken)
    {
        var payable = PaymentStateMachine.Decide(invoice.State, order) == PaymentAction.MarkPaid;
        if (!await TryClaimAsync(order, invoice, cancellationToken))
        {
            if (payable && await MarkPaidAsync(order))
                return DeliveryOutcome.Applied(JournalDetail.Of("CompletedMarkPaid"), order.Id);
            return DeliveryOutcome.Repeat(JournalDetail.Of("InvoiceAlreadyRecorded"), order.Id);
        }

        var earlierInvoice = await queries.EarlierPaidInvoice(db, order.Id, invoice.InvoiceId);
        if (earlierInvoice is not null)
        {
            await NoteAsync(order, "Notes.PaidTwice", displayToCustomer: false, fromReconciliation,
                invoice.InvoiceId, Money(invoice.Amount), invoice.Currency, earlierInvoice);
            return DeliveryOutcome.Applied(JournalDetail.Of("PaidTwice", earlierInvoice), order.Id);
        }

        var marked = payable && await MarkPaidAsync(order);
        // The paying invoice is the order's transaction id, as nopCommerce plugins record it.
        if (orderService is IOrderTransactionIds transactionIds)
            await transactionIds.SetTransactionIdAsync(order.Id, invoice.InvoiceId);
        await NoteAsync(order, "Notes.Paid", displayToCustomer: false, fromReconciliation, invoice.InvoiceId,
            invoice.Payway, Money(invoice.PayerPrice ?? invoice.Amount), Money(invoice.CreditedAmount), invoice.Currency);
        return DeliveryOutcome.Applied(JournalDetail.Of(marked ? "MarkedPaid" : "PaymentRecorded"), order.Id);
    }

    /// <summary>
    /// Called only with a payable order read under the order lock by the delivery that won the claim, so a Paid order
    /// afterwards was paid by this call — the platform's mark-paid returns no outcome.
    /// </summary>
    private async Task<bool> MarkPaidAsync(Order order)
    {
        await orderProcessing.MarkOrderAsPaidAsync(order);
        return order.PaymentStatus == PaymentStatus.Paid;
    }

    /// <summary>
    /// Serialises deliveries for one order (<see cref="OrderLock"/>). The auto-cancel rule
    /// (<see cref="Operations.UnpaidOrderCancellation"/>) and the cabinet refund step of reconciliation take the same lock.
    /// </summary>
    private Task LockOrderAsync(int orderId, CancellationToken cancellationToken) => db.LockOrderAsync(orderId, cancellationToken);

    /// <summary>
    /// Claims (invoice, state) for this order; false when another delivery already did. The claim also stores what
    /// Interkassa reported (payway, amount, buyer paid, credited), so the realised commission costs no extra write.
    /// </summary>
    private async Task<bool> TryClaimAsync(Order order, InterkassaNotification invoice, CancellationToken cancellationToken)
    {
        // INSERT … ON CONFLICT DO NOTHING reads the same on SQLite and PostgreSQL; the row count says who won.
        var rows = await db.Database.ExecuteSqlRawAsync(
            $$"""INSERT INTO "{{InterkassaDbContext.AppliedStateTable}}" ("InvoiceId", "State", "OrderId", "AppliedOnUtc", "StoreId", "Payway", "Currency", "Amount", "PayerPrice", "Credited") VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}) ON CONFLICT ("InvoiceId", "State") DO NOTHING""",
            [invoice.InvoiceId, InvoiceStates.ToWire(invoice.State), order.Id, time.GetUtcNow().UtcDateTime, order.StoreId,
                SqlParameters.OrNull(Clip(invoice.Payway, 64)), SqlParameters.OrNull(Clip(invoice.Currency.ToUpperInvariant(), 3)), invoice.Amount,
                SqlParameters.OrNull(invoice.PayerPrice), SqlParameters.OrNull(invoice.CreditedAmount)],
            cancellationToken);
        return rows == 1;
    }

    private async Task NoteAsync(Order order, string resource, bool displayToCustomer, bool fromReconciliation, params object?[] values)
    {
        var text = await notes.TextAsync(order, resource, values);
        if (fromReconciliation)
            text += " " + await notes.TextAsync(order, "Notes.FromReconciliation");
        await orderService.AddNoteAsync(order.Id, text, displayToCustomer, time);
    }

    private Task<string> StateNameAsync(InvoiceState state, Order order) => notes.TextAsync(order, "States." + InvoiceStates.ToWire(state));

    private static void CopyState(Order from, Order to)
    {
        to.PaymentStatus = from.PaymentStatus;
        to.OrderStatus = from.OrderStatus;
        to.PaidDateUtc = from.PaidDateUtc;
    }

    private static string? Clip(string value, int length) =>
        value.Length == 0 ? null : value.Length <= length ? value : value[..length];


    private static NoteAmount Money(decimal? amount) => new(amount);
}

/// <summary>An accepted invoice state to apply to its order, and the journal row that records the outcome.</summary>
public sealed record PaymentToApply(Order Order, InterkassaNotification Invoice, NotificationRecord Journal);

/// <summary>An invoice's applied states and the order they are bound to (null when none was applied yet).</summary>
public sealed record AppliedInvoice(int? OrderId, IReadOnlyList<string> States)
{
    public static AppliedInvoice None { get; } = new(null, []);

    /// <summary>This state was recorded already and the order needs nothing more (a claimed payment with an unpaid order is completed, not repeated).</summary>
    public bool IsRepeat(InvoiceState state, Order order) =>
        States.Contains(InvoiceStates.ToWire(state)) && PaymentStateMachine.Decide(state, order) != PaymentAction.MarkPaid;
}
