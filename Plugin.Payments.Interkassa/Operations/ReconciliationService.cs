using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// Asks the API about Interkassa orders still pending, and applies what it says through the same acceptance rule
/// (<see cref="PaymentAcceptance"/>) and the same <see cref="PaymentRecorder"/> as the notification handler: the
/// checkout, the test payway only in test mode, amount, currency, an invoice bound to one order; paid once, never
/// backwards. A refused invoice is journaled once and never applied. API failures are logged and retried next round.
/// </summary>
public sealed partial class ReconciliationService(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    ApiAccess apiAccess,
    InterkassaApiClient api,
    PaymentRecorder recorder,
    DeliveryLookup lookup,
    CabinetRefundSync cabinetRefunds,
    IOrderService orderService,
    IStoreService storeService,
    ISettingService settingService,
    ILocalizationService localization,
    TimeProvider time,
    ILogger<ReconciliationService> logger)
{
    /// <summary>Interkassa's clock is not documented to be UTC: the invoice window is widened by this on both sides.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromDays(1);

    public async Task<IReadOnlyDictionary<int, ReconciliationResult>> RunAsync(CancellationToken cancellationToken)
    {
        var operations = await settingService.LoadSettingAsync<InterkassaOperationsSettings>();
        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now.AddDays(-operations.ReconciliationLookbackDays);
        var pending = (await orderService.SearchOrdersAsync(paymentMethodSystemName: InterkassaDefaults.SystemName,
                createdFromUtc: oldest, createdToUtc: now.AddMinutes(-operations.ReconciliationMinAgeMinutes),
                osIds: [(int)OrderStatus.Pending, (int)OrderStatus.Processing, (int)OrderStatus.Complete],
                psIds: [(int)PaymentStatus.Pending]))
            .OrderBy(o => o.Id) // oldest first, as the rounds were always taken
            .ToList();

        var results = new Dictionary<int, ReconciliationResult>();
        foreach (var store in await storeService.GetAllStoresAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var orders = pending.Where(o => o.StoreId == store.Id).ToList();
            var effective = await settingsProvider.GetAsync(store.Id);
            var result = effective.HasApiCredentials && effective.Settings.CheckoutId.Length > 0
                ? await ReconcileStoreAsync(store.Id, effective, orders, now, cancellationToken)
                : new ReconciliationResult(now, ApiConfigured: false, orders.Count, 0, 0, 0, null);
            result = result with { CabinetRefunds = await cabinetRefunds.RunStoreAsync(store.Id, effective, operations.RefundLookbackDays, now, cancellationToken) };
            await settingService.SetSettingAsync(ReconciliationResult.SettingKey, result.ToJson(), store.Id);
            results[store.Id] = result;
            if (result.Errors > 0)
                LogStoreErrors(logger, store.Id, result.Errors, result.Error);
            if (result.CabinetRefunds is { Errors: > 0 } refunds)
                LogStoreErrors(logger, store.Id, refunds.Errors, refunds.Error);
        }

        return results;
    }

    private async Task<ReconciliationResult> ReconcileStoreAsync(int storeId, EffectiveSettings effective, List<Order> orders, DateTime now,
        CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
            return new ReconciliationResult(now, true, 0, 0, 0, 0, null);

        var orderIds = orders.Select(o => o.Id).ToList();
        var requests = await db.PaymentRequests.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).ToListAsync(cancellationToken);
        var checkoutId = effective.Settings.CheckoutId;
        IReadOnlyList<ApiInvoice> invoices;
        try
        {
            var credentials = await apiAccess.CredentialsAsync(effective, storeId);
            invoices = await api.GetInvoicesAsync(credentials, checkoutId,
                orders.Min(o => o.CreatedOnUtc) - ClockMargin, now + ClockMargin, cancellationToken);
        }
        catch (InterkassaApiException ex)
        {
            LogListFailed(logger, ex, storeId, ex.Kind);
            return new ReconciliationResult(now, true, orders.Count, 0, 0, 1, await ApiErrorText.ForAsync(localization, ex));
        }

        int applied = 0, refused = 0, errors = 0;
        string? firstError = null;
        var byId = orders.ToDictionary(o => o.Id);
        foreach (var match in InvoiceMatcher.Match(invoices, requests, checkoutId))
        {
            var order = byId[match.Request.OrderId];
            try
            {
                switch (await ReconcileInvoiceAsync(order, match, effective, cancellationToken))
                {
                    case NotificationVerdicts.Applied:
                        applied++;
                        LogApplied(logger, order.Id, match.Invoice.Id);
                        break;
                    case NotificationVerdicts.Rejected:
                        refused++;
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One order's failure must not stop the others; it is asked about again next round.
                errors++;
                firstError ??= ex.Message;
                LogApplyFailed(logger, ex, order.Id, match.Invoice.Id);
            }
        }

        return new ReconciliationResult(now, true, orders.Count, applied, refused, errors, firstError);
    }

    /// <summary>The verdict for one invoice, or null when it says nothing new (still open, or already applied).</summary>
    private async Task<string?> ReconcileInvoiceAsync(Order order, InvoiceMatch match, EffectiveSettings effective, CancellationToken cancellationToken)
    {
        if (InvoiceMatcher.StateToApply(match.Invoice.State) is not { } state)
            return null;
        var invoice = InvoiceMatcher.ToNotification(match.Invoice, state);
        var applied = await lookup.ReadAppliedAsync(invoice.InvoiceId, cancellationToken);
        var input = new AcceptanceInput(JournalSources.Reconciliation, effective.Settings.CheckoutId, effective.Settings.TestMode,
            match.Request, order, applied.OrderId, CanConfirmWithApi: true);
        if (PaymentAcceptance.Check(invoice, input) is { } refusal)
        {
            await JournalRefusalOnceAsync(match, refusal, cancellationToken);
            return refusal.Verdict;
        }

        // Asked again every round: a state already applied is not journaled again.
        if (applied.IsRepeat(state, order))
            return null;
        var outcome = await recorder.ApplyAsync(order, invoice, JournalRow(match.Invoice, InvoiceStates.ToWire(state)), cancellationToken);
        return outcome.Verdict;
    }

    /// <summary>Journals a refused invoice once (not every round), so the merchant finds it on the journal page.</summary>
    private async Task JournalRefusalOnceAsync(InvoiceMatch match, DeliveryOutcome refusal, CancellationToken cancellationToken)
    {
        var invoice = match.Invoice;
        var orderId = match.Request.OrderId;
        var already = await db.Notifications.AnyAsync(
            n => n.OrderId == orderId && n.InvoiceId == invoice.Id && n.Source == JournalSources.Reconciliation && n.Reason == refusal.Reason,
            cancellationToken);
        if (already)
            return;

        var row = JournalRow(invoice, InvoiceStates.ToWire(ApiInvoiceStates.ToInvoiceState(invoice.State)));
        row.Verdict = refusal.Verdict;
        row.Reason = refusal.Reason;
        row.Detail = refusal.Detail;
        row.OrderId = orderId;
        db.Notifications.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        LogRefused(logger, orderId, invoice.Id, refusal.Reason);
    }

    private NotificationRecord JournalRow(ApiInvoice invoice, string state) => new()
    {
        ReceivedOnUtc = time.GetUtcNow().UtcDateTime,
        Source = JournalSources.Reconciliation,
        SourceAddress = null,
        Body = BodyOf(invoice),
        PaymentNo = invoice.PaymentNo,
        InvoiceId = invoice.Id,
        State = state,
    };

    /// <summary>The invoice's fields in the journal's form encoding, named as a notification would name them.</summary>
    internal static string BodyOf(ApiInvoice invoice)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("ik_co_id", invoice.CheckoutId),
            new("ik_inv_id", invoice.Id),
            new("ik_pm_no", invoice.PaymentNo),
            new("ik_am", Money(invoice.Amount)),
            new("ik_cur", invoice.Currency),
            new("ik_pw_via", invoice.Payway ?? ""),
            new("api_state", ((int)invoice.State).ToString(CultureInfo.InvariantCulture)),
        };
        if (invoice.CreditedAmount is { } credited)
            fields.Add(new("ik_co_rfn", credited.ToString("0.0000", CultureInfo.InvariantCulture)));
        if (invoice.PayerPrice is { } paid)
            fields.Add(new("ik_ps_price", Money(paid)));
        return string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
    }

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa reconciliation could not list the invoices of store {StoreId} ({Kind}); retrying next round")]
    private static partial void LogListFailed(ILogger logger, Exception exception, int storeId, InterkassaApiErrorKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa reconciliation could not apply invoice {InvoiceId} to order {OrderId}; retrying next round")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, int orderId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interkassa reconciliation applied invoice {InvoiceId} to order {OrderId}")]
    private static partial void LogApplied(ILogger logger, int orderId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa reconciliation refused invoice {InvoiceId} for order {OrderId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int orderId, string invoiceId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa reconciliation of store {StoreId} ended with {Errors} error(s): {Error}")]
    private static partial void LogStoreErrors(ILogger logger, int storeId, int errors, string? error);
}
