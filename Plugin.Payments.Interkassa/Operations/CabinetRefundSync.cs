using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Data;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>The cabinet refund step of one store's reconciliation.</summary>
/// <param name="Skipped">Why the step did not run: <see cref="SkipReasons"/>; null when it ran.</param>
/// <param name="Checked">Paid orders whose invoice was asked about.</param>
/// <param name="Applied">Orders that got a cabinet refund recorded.</param>
/// <param name="Deferred">Orders left for the next round: a refund from the store still waiting for Interkassa's answer, or a refund in progress.</param>
/// <param name="Ignored">Invoices the API returned that do not belong to the order (other checkout, payment number, amount or currency).</param>
/// <param name="Errors">API or storage failures; the orders concerned are asked about again next round.</param>
public sealed record CabinetRefundResult(string? Skipped, int Checked, int Applied, int Deferred, int Ignored, int Errors, string? Error)
{
    public static class SkipReasons
    {
        /// <summary>The refund lookback is 0.</summary>
        public const string Off = "off";

        /// <summary>The store has no API credentials (or no checkout): only the API can say what was refunded.</summary>
        public const string NoApiCredentials = "no-api-credentials";
    }

    public static CabinetRefundResult Skip(string reason) => new(reason, 0, 0, 0, 0, 0, null);
}

/// <summary>
/// Finds refunds the merchant made in Interkassa's cabinet and records them on the store's orders. Looks at the
/// Interkassa orders of one store placed within <see cref="InterkassaOperationsSettings.RefundLookbackDays"/> that are
/// Paid or PartiallyRefunded, asks the API (the merchant's credentials, never anything a buyer sent) for each order's
/// paying invoice, and records what the invoice shows refunded beyond the store's own records
/// (<see cref="RefundRecord"/>: refunds made from the store, and cabinet refunds found before). Each cabinet refund is
/// claimed by a unique row (invoice, refunded total) written in the same store transaction, under the plugin's order
/// lock, as the order's move, its note and the journal row: once across processes, and never backwards (the store's
/// refund transitions only move forward, and a Refunded order is not asked about).
/// </summary>
public sealed partial class CabinetRefundSync(
    InterkassaDbContext db,
    IStoreTransactions transactions,
    ApiAccess apiAccess,
    InterkassaApiClient api,
    IOrderService orderService,
    IOrderProcessingService orderProcessing,
    ICurrencyService currencies,
    OrderNoteText notes,
    ILocalizationService localization,
    TimeProvider time,
    ILogger<CabinetRefundSync> logger)
{
    private const string PaidState = "success";

    /// <summary>The journal's state for a cabinet refund row.</summary>
    public const string JournalState = "refunded";

    private enum Outcome
    {
        None,
        Applied,
        Deferred,
        Ignored,
    }

    public async Task<CabinetRefundResult> RunStoreAsync(int storeId, EffectiveSettings effective, int lookbackDays, DateTime now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effective);
        if (lookbackDays <= 0)
            return CabinetRefundResult.Skip(CabinetRefundResult.SkipReasons.Off);
        if (!effective.HasApiCredentials || effective.Settings.CheckoutId.Length == 0)
            return CabinetRefundResult.Skip(CabinetRefundResult.SkipReasons.NoApiCredentials);

        var orders = await orderService.SearchOrdersAsync(storeId, InterkassaDefaults.SystemName, now.AddDays(-lookbackDays),
            psIds: [(int)PaymentStatus.Paid, (int)PaymentStatus.PartiallyRefunded]);
        if (orders.Count == 0)
            return new CabinetRefundResult(null, 0, 0, 0, 0, 0, null);

        // The paying invoice is the first one applied as paid, the one the store's own refunds go back from; a second
        // paid invoice (the buyer paid twice) is not the order's payment, and its refund is not the order's refund.
        var orderIds = orders.Select(o => o.Id).ToList();
        var paid = await db.AppliedStates.AsNoTracking()
            .Where(a => orderIds.Contains(a.OrderId) && a.State == PaidState)
            .OrderBy(a => a.Id).Select(a => new { a.OrderId, a.InvoiceId }).ToListAsync(cancellationToken);
        var payingInvoice = new Dictionary<int, string>();
        foreach (var row in paid)
            payingInvoice.TryAdd(row.OrderId, row.InvoiceId);

        int checkedOrders = 0, applied = 0, deferred = 0, ignored = 0, errors = 0;
        string? firstError = null;
        InterkassaApiCredentials? credentials = null;
        foreach (var order in orders.Where(o => payingInvoice.ContainsKey(o.Id)).OrderBy(o => o.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var invoiceId = payingInvoice[order.Id];
            checkedOrders++;
            try
            {
                credentials ??= await apiAccess.CredentialsAsync(effective, storeId);
                switch (await SyncOrderAsync(order, invoiceId, effective, credentials, cancellationToken))
                {
                    case Outcome.Applied:
                        applied++;
                        break;
                    case Outcome.Deferred:
                        deferred++;
                        break;
                    case Outcome.Ignored:
                        ignored++;
                        break;
                }
            }
            catch (InterkassaApiException ex)
            {
                errors++;
                firstError ??= await ApiErrorText.ForAsync(localization, ex);
                LogApiFailed(logger, ex, order.Id, invoiceId, ex.Kind);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One order's failure must not stop the others; it is asked about again next round.
                errors++;
                firstError ??= ex.Message;
                LogApplyFailed(logger, ex, order.Id, invoiceId);
            }
        }

        return new CabinetRefundResult(null, checkedOrders, applied, deferred, ignored, errors, firstError);
    }

    private async Task<Outcome> SyncOrderAsync(Order order, string invoiceId, EffectiveSettings effective, InterkassaApiCredentials credentials,
        CancellationToken cancellationToken)
    {
        var invoice = await api.GetInvoiceAsync(credentials, invoiceId, cancellationToken);
        var requests = await db.PaymentRequests.AsNoTracking().Where(r => r.OrderId == order.Id).ToListAsync(cancellationToken);
        var match = string.Equals(invoice.Id, invoiceId, StringComparison.Ordinal)
            ? InvoiceMatcher.Match([invoice], requests, effective.Settings.CheckoutId).FirstOrDefault()
            : null;
        if (match is null || !ApiInvoiceStates.WasPaid(invoice.State))
        {
            LogIgnored(logger, order.Id, invoiceId, NotificationReasons.Order);
            return Outcome.Ignored;
        }

        // The same rule as for a payment: this checkout, this order's payment number, its amount and currency, bound to it.
        var input = new AcceptanceInput(JournalSources.Reconciliation, effective.Settings.CheckoutId, effective.Settings.TestMode,
            match.Request, order, order.Id, CanConfirmWithApi: true);
        if (PaymentAcceptance.Check(InvoiceMatcher.ToNotification(invoice, InvoiceState.Success), input) is { } refusal)
        {
            LogIgnored(logger, order.Id, invoiceId, refusal.Reason);
            return Outcome.Ignored;
        }

        if (invoice.State == ApiInvoiceState.RefundInProgress)
            return Outcome.Deferred;

        // Read without a lock first: nearly every round finds nothing new, and that must not take the write lock.
        var ledger = await LedgerAsync(order.Id, invoiceId, cancellationToken);
        if (ledger.HasPending)
            return Outcome.Deferred;
        var refund = CabinetRefundMath.NewRefund(invoice.State, invoice.Refunded, match.Request.Amount, ledger.Amount, ledger.Primary,
            order.OrderTotal, order.RefundedAmount);
        if (refund is null)
            return Outcome.None;

        return await ApplyAsync(order.Id, invoice, match.Request, cancellationToken);
    }

    /// <summary>Records the refund once: claim, order move, note and journal row in one transaction under the order's lock.</summary>
    private async Task<Outcome> ApplyAsync(int orderId, ApiInvoice invoice, PaymentRequestRecord request, CancellationToken cancellationToken)
    {
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        transaction.Enlist(db);
        await db.LockOrderAsync(orderId, cancellationToken);

        // Decide again under the lock: another process may have recorded it, or the store refunded meanwhile.
        var order = await orderService.GetOrderByIdAsync(orderId);
        if (order is null || order.PaymentStatus is not (PaymentStatus.Paid or PaymentStatus.PartiallyRefunded))
            return Outcome.None;
        var ledger = await LedgerAsync(orderId, invoice.Id, cancellationToken);
        if (ledger.HasPending)
            return Outcome.Deferred;
        var refund = CabinetRefundMath.NewRefund(invoice.State, invoice.Refunded, request.Amount, ledger.Amount, ledger.Primary,
            order.OrderTotal, order.RefundedAmount);
        if (refund is null)
            return Outcome.None;
        if (!await ClaimAsync(order, invoice, request.Currency, refund, ledger.Amount, cancellationToken))
            return Outcome.None;

        if (refund.AmountPrimary > 0)
        {
            if (refund.IsFull && order.RefundedAmount == 0 && orderProcessing.CanRefundOffline(order))
                await orderProcessing.RefundOfflineAsync(order);
            else
                await orderProcessing.PartiallyRefundOfflineAsync(order, refund.AmountPrimary);
        }

        var primary = (await currencies.GetPrimaryStoreCurrencyAsync()).CurrencyCode;
        // Amounts in the note language's culture, as in every other order note; the journal and the claim key stay invariant.
        var note = await notes.TextAsync(order, refund.AmountPrimary > 0 ? "Notes.CabinetRefund" : "Notes.CabinetRefundAlreadyShown",
            new NoteAmount(refund.Amount), request.Currency.ToUpperInvariant(), invoice.Id, new NoteAmount(refund.InvoiceRefundedTotal),
            new NoteAmount(refund.AmountPrimary), primary);
        await orderService.AddNoteAsync(order.Id, note, displayToCustomer: false, time);

        db.Notifications.Add(new NotificationRecord
        {
            ReceivedOnUtc = time.GetUtcNow().UtcDateTime,
            Source = JournalSources.Reconciliation,
            Body = ReconciliationService.BodyOf(invoice),
            PaymentNo = invoice.PaymentNo,
            InvoiceId = invoice.Id,
            State = JournalState,
            Verdict = NotificationVerdicts.Applied,
            Detail = JournalDetail.Of("CabinetRefund", Money(refund.Amount), request.Currency.ToUpperInvariant(), Money(refund.InvoiceRefundedTotal)),
            OrderId = order.Id,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogApplied(logger, order.Id, invoice.Id, refund.Amount, request.Currency);
        return Outcome.Applied;
    }

    private sealed record Ledger(decimal Amount, decimal Primary, bool HasPending);

    /// <summary>
    /// What the store recorded as refunded from the invoice. A refund from the store still pending may have reached
    /// Interkassa (its answer lost): the invoice's refunded amount then includes it, so nothing is decided until it settles.
    /// </summary>
    private async Task<Ledger> LedgerAsync(int orderId, string invoiceId, CancellationToken cancellationToken)
    {
        var rows = await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId && r.InvoiceId == invoiceId)
            .Select(r => new { r.Status, r.Amount, r.AmountPrimary }).ToListAsync(cancellationToken);
        var done = rows.Where(r => r.Status == RefundStatuses.Succeeded).ToList();
        return new Ledger(done.Sum(r => r.Amount), done.Sum(r => r.AmountPrimary), rows.Any(r => r.Status == RefundStatuses.Pending));
    }

    /// <summary>Claims (invoice, refunded total); false when another run already did. INSERT … ON CONFLICT reads the same on SQLite and PostgreSQL.</summary>
    private async Task<bool> ClaimAsync(Order order, ApiInvoice invoice, string currency, CabinetRefund refund, decimal recordedBefore,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = RefundRecord.CabinetKeyPrefix + invoice.Id + ":" + Money(refund.InvoiceRefundedTotal);
        var sql = $$"""
            INSERT INTO "{{InterkassaDbContext.RefundTable}}" ("IdempotencyKey", "OrderId", "StoreId", "InvoiceId", "AmountPrimary", "Amount",
                "Currency", "InvoiceRefundedBefore", "Status", "ApiRefundId", "Error", "CreatedOnUtc", "AttemptedOnUtc", "CompletedOnUtc")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, NULL, NULL, {9}, {9}, {9})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """;
        var rows = await db.Database.ExecuteSqlRawAsync(sql,
            [key, order.Id, order.StoreId, invoice.Id, refund.AmountPrimary, refund.Amount, currency.ToUpperInvariant(), recordedBefore,
                RefundStatuses.Succeeded, now],
            cancellationToken);
        return rows == 1;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa reconciliation could not read invoice {InvoiceId} of order {OrderId} for refunds ({Kind}); retrying next round")]
    private static partial void LogApiFailed(ILogger logger, Exception exception, int orderId, string invoiceId, InterkassaApiErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa reconciliation could not record the cabinet refund of invoice {InvoiceId} on order {OrderId}; retrying next round")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, int orderId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa reconciliation ignored invoice {InvoiceId} for the refunds of order {OrderId}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, int orderId, string invoiceId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interkassa reconciliation recorded a cabinet refund of invoice {InvoiceId} on order {OrderId}: {Amount} {Currency}")]
    private static partial void LogApplied(ILogger logger, int orderId, string invoiceId, decimal amount, string currency);
}
