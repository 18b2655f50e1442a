using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Handles one notification: journal it, verify it with the settings of the order's store, then apply
/// the state machine. Safe under any number of concurrent repeats: the store's conditional update
/// and the applied-state table's unique key decide which delivery acts.
/// </summary>
public sealed partial class NotificationProcessor(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    IOrderService orderService,
    PaymentEffects effects,
    TimeProvider time,
    ILogger<NotificationProcessor> logger)
{
    public async Task<NotificationAnswer> ProcessAsync(NotificationDelivery delivery, CancellationToken cancellationToken = default)
    {
        var record = await JournalAsync(delivery, cancellationToken);
        if (record is null)
            return NotificationAnswer.Retry;

        Verdict verdict;
        try
        {
            verdict = await DecideAndApplyAsync(delivery, record, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever failed (storage above all), the outcome is not stored: ask Interkassa to retry.
            LogApplyFailed(logger, ex, record.Id, record.PaymentNo);
            verdict = new Verdict(NotificationVerdicts.Failed, null, JournalDetail.Of("StorageFailed"), record.OrderId);
        }

        await RecordVerdictAsync(record, verdict, cancellationToken);
        return verdict.Value switch
        {
            NotificationVerdicts.Rejected => NotificationAnswer.Reject(verdict.Reason!),
            NotificationVerdicts.Failed => NotificationAnswer.Retry,
            _ => NotificationAnswer.Ok,
        };
    }

    private async Task<Verdict> DecideAndApplyAsync(NotificationDelivery delivery, NotificationRecord record, CancellationToken cancellationToken)
    {
        if (delivery.MalformedDetail is not null || delivery.Fields is null)
            return Verdict.Reject(NotificationReasons.Malformed, delivery.MalformedDetail ?? "No fields.");

        // The order decides whose settings verify the delivery; an unknown number is verified with the shared ones.
        var request = record.PaymentNo is null
            ? null
            : await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.PaymentNo == record.PaymentNo, cancellationToken);
        var order = request is null ? null : await orderService.GetOrderByIdAsync(request.OrderId);
        var effective = await settingsProvider.GetAsync(order?.StoreId ?? 0);

        if (delivery.IsGet && !string.Equals(effective.Settings.NotificationMethod, "get", StringComparison.OrdinalIgnoreCase))
            return Verdict.Reject(NotificationReasons.Malformed, JournalDetail.Of("GetNotEnabled"));

        if (!SourceAddressFilter.IsAllowed(effective.Settings.AllowedSourceAddresses, delivery.SourceAddress))
            return Verdict.Reject(NotificationReasons.Address, JournalDetail.Of("AddressNotAllowed", delivery.SourceAddress));

        var parsed = NotificationParser.Parse(delivery.Fields, effective.VerificationContext);
        if (!parsed.IsAccepted)
            return Verdict.Reject(NotificationRejectionReasons.ToWire(parsed.Reason!.Value), parsed.Detail ?? "");

        var notification = parsed.Notification!;
        if (request is null || order is null)
            return Verdict.Reject(NotificationReasons.Order, JournalDetail.Of("UnknownPaymentNo", notification.PaymentNo));
        if (notification.Amount != request.Amount)
            return Verdict.Reject(NotificationReasons.Amount,
                JournalDetail.Of("AmountDiffers", Money(notification.Amount), Money(request.Amount)), order.Id);
        if (!string.Equals(notification.Currency, request.Currency, StringComparison.OrdinalIgnoreCase))
            return Verdict.Reject(NotificationReasons.Currency,
                JournalDetail.Of("CurrencyDiffers", notification.Currency, request.Currency), order.Id);

        return await effects.ApplyAsync(order, notification, fromReconciliation: false, cancellationToken);
    }

    private async Task<NotificationRecord?> JournalAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var record = new NotificationRecord
        {
            ReceivedOnUtc = time.GetUtcNow().UtcDateTime,
            SourceAddress = Clip(delivery.SourceAddress, 64),
            Body = delivery.RawBody,
            PaymentNo = Clip(First(delivery.Fields, "ik_pm_no"), 64),
            InvoiceId = Clip(First(delivery.Fields, "ik_inv_id"), 64),
            State = Clip(First(delivery.Fields, "ik_inv_st"), 32),
            Verdict = NotificationVerdicts.Received,
        };
        try
        {
            db.Notifications.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (DbUpdateException ex)
        {
            // Not stored means not answered OK: Interkassa retries, and this log line is the trace.
            LogJournalFailed(logger, ex, record.PaymentNo, record.InvoiceId);
            return null;
        }
    }

    private async Task RecordVerdictAsync(NotificationRecord record, Verdict verdict, CancellationToken cancellationToken)
    {
        record.Verdict = verdict.Value;
        record.Reason = verdict.Reason;
        record.Detail = Clip(verdict.Detail, 1024);
        record.OrderId = verdict.OrderId;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The outcome itself is stored; only the journal's verdict is missing ("received" stays).
            LogVerdictFailed(logger, ex, record.Id);
        }

        if (verdict.Value == NotificationVerdicts.Rejected)
            LogRejected(logger, record.Id, verdict.Reason, record.PaymentNo, verdict.Detail);
    }

    private static string? First(IReadOnlyList<KeyValuePair<string, string>>? fields, string name) =>
        fields?.FirstOrDefault(f => f.Key == name).Value;

    private static string? Clip(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa notification for payment {PaymentNo}, invoice {InvoiceId} could not be journaled; answered 503 so that Interkassa retries")]
    private static partial void LogJournalFailed(ILogger logger, Exception exception, string? paymentNo, string? invoiceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa notification {JournalId} (payment {PaymentNo}) could not be applied; answered 503 so that Interkassa retries")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, long journalId, string? paymentNo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The verdict of Interkassa notification {JournalId} could not be saved")]
    private static partial void LogVerdictFailed(ILogger logger, Exception exception, long journalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa notification {JournalId} rejected: {Reason} (payment {PaymentNo}): {Detail}")]
    private static partial void LogRejected(ILogger logger, long journalId, string? reason, string? paymentNo, string? detail);
}

/// <summary>How a delivery ended, for the journal and the answer.</summary>
public sealed record Verdict(string Value, string? Reason, string Detail, int? OrderId)
{
    public static Verdict Reject(string reason, string detail, int? orderId = null) =>
        new(NotificationVerdicts.Rejected, reason, detail, orderId);
}
