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
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// Refunds through <c>POST /refund</c>, at most once per request: the refund's row (keyed by
/// <see cref="RefundMath.IdempotencyKey"/>) is stored before the call; a repeat finds it, and a repeat of
/// one whose answer was lost first asks the invoice whether the money already went back.
/// </summary>
public sealed partial class RefundService(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    ApiAccess apiAccess,
    InterkassaApiClient api,
    IOrderService orderService,
    IStoreContext storeContext,
    ILocalizationService localization,
    OrderNoteText notes,
    TimeProvider time,
    ILogger<RefundService> logger)
{
    /// <summary>A pending refund younger than this may still be waiting for Interkassa's answer (the API client's budget is 30 s).</summary>
    public static readonly TimeSpan InFlightWindow = TimeSpan.FromMinutes(2);

    private bool? _availableForCurrentStore;

    /// <summary>
    /// Whether the store serving this request has API credentials, for the sync <c>Support*</c> flags.
    /// Those flags carry no order, so the current store stands in for the order's; <see cref="RefundAsync"/>
    /// checks the order's own store again. Computed once per lifetime scope (one request).
    /// </summary>
    public bool AvailableForCurrentStore => _availableForCurrentStore ??= HasCredentialsForCurrentStoreAsync().GetAwaiter().GetResult();

    public async Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest request, CancellationToken cancellationToken = default)
    {
        var order = request.Order;
        var result = new RefundPaymentResult { NewPaymentStatus = order.PaymentStatus };
        var effective = await settingsProvider.GetAsync(order.StoreId);
        if (!effective.HasApiCredentials)
            return await FailAsync(result, "Refunds.NoCredentials");

        var invoiceId = await db.AppliedStates.AsNoTracking()
            .Where(a => a.OrderId == order.Id && a.State == "success")
            .OrderBy(a => a.Id).Select(a => a.InvoiceId).FirstOrDefaultAsync(cancellationToken);
        if (invoiceId is null)
            return await FailAsync(result, "Refunds.NoInvoice");

        InterkassaApiCredentials credentials;
        ApiInvoice invoice;
        try
        {
            credentials = await apiAccess.CredentialsAsync(effective, order.StoreId);
            invoice = await api.GetInvoiceAsync(credentials, invoiceId, cancellationToken);
        }
        catch (InterkassaApiException ex)
        {
            LogApiFailed(logger, ex, order.Id, invoiceId, ex.Kind);
            return await FailAsync(result, "Refunds.ApiError", await ApiErrorText.ForAsync(localization, ex));
        }

        var paymentRequest = await db.PaymentRequests.AsNoTracking()
            .FirstOrDefaultAsync(r => r.OrderId == order.Id && r.PaymentNo == invoice.PaymentNo, cancellationToken);
        if (paymentRequest is null || !string.Equals(paymentRequest.Currency, invoice.Currency, StringComparison.OrdinalIgnoreCase))
            return await FailAsync(result, "Refunds.NoInvoice");
        if (!ApiInvoiceStates.WasPaid(invoice.State))
            return await FailAsync(result, "Refunds.NotPaid");

        var (amounts, error) = RefundMath.Compute(order.OrderTotal, order.RefundedAmount, request.AmountToRefund, paymentRequest.Amount);
        if (amounts is null)
            return await FailAsync(result, error!);

        var key = RefundMath.IdempotencyKey(order.Id, amounts.CumulativeAfterPrimary);
        var (record, claim) = await ClaimAsync(key, order, invoice, paymentRequest.Currency, request.AmountToRefund, amounts.Amount, cancellationToken);
        var newStatus = amounts.IsFull ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        switch (claim)
        {
            case Claim.InFlight:
                return await FailAsync(result, "Refunds.InProgress");

            case Claim.AlreadyDone:
                // The store records a refund after this returns; when it already has, saying "done" again would count it twice.
                var current = await orderService.GetOrderByIdAsync(order.Id);
                if (current is not null && current.RefundedAmount >= amounts.CumulativeAfterPrimary)
                    return await FailAsync(result, "Refunds.AlreadyDone");
                result.NewPaymentStatus = newStatus;
                return result;

            case Claim.RetryUnknown:
                var expected = record.InvoiceRefundedBefore + record.Amount;
                if (invoice.Refunded >= expected)
                {
                    await CompleteAsync(record, order, apiRefundId: null);
                    result.NewPaymentStatus = newStatus;
                    return result;
                }

                // Neither clearly done nor clearly not done (another refund moved the invoice): a person must look.
                if (invoice.Refunded != record.InvoiceRefundedBefore || invoice.State == ApiInvoiceState.RefundInProgress)
                    return await FailAsync(result, "Refunds.Ambiguous");
                break;
        }

        return await SendAsync(record, order, credentials, newStatus, result, cancellationToken);
    }

    private async Task<RefundPaymentResult> SendAsync(RefundRecord record, Order order, InterkassaApiCredentials credentials,
        PaymentStatus newStatus, RefundPaymentResult result, CancellationToken cancellationToken)
    {
        try
        {
            var description = string.Format(CultureInfo.InvariantCulture,
                await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Refunds.Description", order.CustomerLanguageId), order.CustomOrderNumber);
            var refund = await api.RefundAsync(credentials, record.InvoiceId, record.Amount, description, cancellationToken);
            await CompleteAsync(record, order, refund.Id);
            result.NewPaymentStatus = newStatus;
            return result;
        }
        catch (InterkassaApiException ex)
        {
            LogApiFailed(logger, ex, order.Id, record.InvoiceId, ex.Kind);
            var text = await ApiErrorText.ForAsync(localization, ex);
            if (IsOutcomeUnknown(ex.Kind))
            {
                // The request may have reached Interkassa: the row stays pending, and a repeat asks the invoice first.
                await SetAsync(record.Id, RefundStatuses.Pending, text, null, CancellationToken.None);
                return await FailAsync(result, "Refunds.Unknown", text);
            }

            await SetAsync(record.Id, RefundStatuses.Failed, text, null, CancellationToken.None);
            return await FailAsync(result, "Refunds.Refused", text);
        }
    }

    /// <summary>Timeouts, lost connections and unreadable answers leave open whether the refund happened.</summary>
    public static bool IsOutcomeUnknown(InterkassaApiErrorKind kind) =>
        kind is InterkassaApiErrorKind.Timeout or InterkassaApiErrorKind.Unreachable or InterkassaApiErrorKind.InvalidResponse;

    private enum Claim
    {
        /// <summary>A new row: send.</summary>
        New,

        /// <summary>A failed row taken over: send again.</summary>
        RetryFailed,

        /// <summary>A pending row whose answer was lost, taken over: check the invoice, then maybe send.</summary>
        RetryUnknown,

        /// <summary>Another call is sending it right now.</summary>
        InFlight,

        AlreadyDone,
    }

    /// <summary>Stores the refund's row, or takes over the existing one; the unique key and conditional updates decide who sends.</summary>
    private async Task<(RefundRecord Record, Claim Claim)> ClaimAsync(string key, Order order, ApiInvoice invoice, string currency,
        decimal amountPrimary, decimal amount, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var record = new RefundRecord
        {
            IdempotencyKey = key,
            OrderId = order.Id,
            StoreId = order.StoreId,
            InvoiceId = invoice.Id,
            AmountPrimary = amountPrimary,
            Amount = amount,
            Currency = currency.ToUpperInvariant(),
            InvoiceRefundedBefore = invoice.Refunded,
            Status = RefundStatuses.Pending,
            CreatedOnUtc = now,
            AttemptedOnUtc = now,
        };
        db.Refunds.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (record, Claim.New);
        }
        catch (DbUpdateException)
        {
            db.Entry(record).State = EntityState.Detached;
        }

        var existing = await db.Refunds.AsNoTracking().SingleAsync(r => r.IdempotencyKey == key, cancellationToken);
        switch (existing.Status)
        {
            case RefundStatuses.Succeeded:
                return (existing, Claim.AlreadyDone);
            case RefundStatuses.Pending when existing.AttemptedOnUtc > now - InFlightWindow:
                return (existing, Claim.InFlight);
            case RefundStatuses.Pending:
                var taken = await db.Refunds
                    .Where(r => r.Id == existing.Id && r.Status == RefundStatuses.Pending && r.AttemptedOnUtc == existing.AttemptedOnUtc)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.AttemptedOnUtc, now), cancellationToken);
                return (existing, taken == 1 ? Claim.RetryUnknown : Claim.InFlight);
            default:
                var retaken = await db.Refunds
                    .Where(r => r.Id == existing.Id && r.Status == RefundStatuses.Failed)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Status, RefundStatuses.Pending)
                        .SetProperty(r => r.AttemptedOnUtc, now)
                        .SetProperty(r => r.InvoiceRefundedBefore, invoice.Refunded), cancellationToken);
                existing.InvoiceRefundedBefore = invoice.Refunded;
                return (existing, retaken == 1 ? Claim.RetryFailed : Claim.InFlight);
        }
    }

    // Not cancellable: once Interkassa refunded, the row and the note must be written.
    private async Task CompleteAsync(RefundRecord record, Order order, string? apiRefundId)
    {
        await SetAsync(record.Id, RefundStatuses.Succeeded, null, apiRefundId, CancellationToken.None);
        await orderService.AddNoteAsync(order.Id,
            await notes.TextAsync(order, "Notes.Refunded", new NoteAmount(record.Amount), record.Currency, record.InvoiceId, apiRefundId ?? "—"),
            displayToCustomer: false, time);
        LogRefunded(logger, order.Id, record.InvoiceId, record.Amount, record.Currency);
    }

    private Task<int> SetAsync(long id, string status, string? error, string? apiRefundId, CancellationToken cancellationToken)
    {
        var completed = status == RefundStatuses.Succeeded ? time.GetUtcNow().UtcDateTime : (DateTime?)null;
        var clipped = error is { Length: > 1024 } ? error[..1024] : error;
        return db.Refunds.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Error, clipped)
            .SetProperty(r => r.ApiRefundId, r => apiRefundId ?? r.ApiRefundId)
            .SetProperty(r => r.CompletedOnUtc, completed), cancellationToken);
    }

    private async Task<RefundPaymentResult> FailAsync(RefundPaymentResult result, string resource, string? detail = null)
    {
        var text = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource);
        result.AddError(detail is null ? text : text + " " + detail);
        return result;
    }

    /// <summary>Why the order's store cannot refund through Interkassa (no API access), or null when it can.</summary>
    public async Task<string?> UnavailableReasonAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return (await settingsProvider.GetAsync(order.StoreId)).HasApiCredentials
            ? null
            : await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Refunds.NoCredentials");
    }

    private async Task<bool> HasCredentialsForCurrentStoreAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        return (await settingsProvider.GetAsync(store.Id)).HasApiCredentials;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa API call for the refund of order {OrderId} (invoice {InvoiceId}) failed: {Kind}")]
    private static partial void LogApiFailed(ILogger logger, Exception exception, int orderId, string invoiceId, InterkassaApiErrorKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interkassa refunded order {OrderId} (invoice {InvoiceId}): {Amount} {Currency}")]
    private static partial void LogRefunded(ILogger logger, int orderId, string invoiceId, decimal amount, string currency);
}
