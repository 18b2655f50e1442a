using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Handles one notification: read what it names, verify it with the settings of the order's store, decide with
/// the one acceptance rule, then store the outcome. Every delivery leaves one journal row: a refusal or a repeat
/// is a single insert, committed with other deliveries' rows by <see cref="JournalWriter"/> (a repeat is recognised
/// by reading, before any write lock); a state to apply is written
/// with its journal row in one transaction by <see cref="PaymentRecorder"/> (on SQLite together with the payments that
/// arrived with it, <see cref="PaymentGroupCommit"/>). When nothing could be stored the
/// answer is <c>503 ERR retry</c> and the log line is the trace. The apply path (<see cref="PaymentRecorder"/>, the API
/// confirmation) is built only for a delivery that reaches it: a refusal or a repeat does not construct the store's
/// order-processing services.
/// </summary>
public sealed partial class NotificationProcessor(
    InterkassaSettingsProvider settingsProvider,
    IOrderService orderService,
    DeliveryLookup lookup,
    Lazy<PaymentConfirmation> confirmation,
    Lazy<PaymentRecorder> recorder,
    PaymentGroupCommit groupCommit,
    JournalWriter journalWriter,
    TimeProvider time,
    ILogger<NotificationProcessor> logger)
{
    /// <summary>A refused delivery that proved nothing (no valid signature) keeps at most this much of its body.</summary>
    public const int UnverifiedBodyLimit = 1024;

    public async Task<NotificationAnswer> ProcessAsync(NotificationDelivery delivery, CancellationToken cancellationToken = default)
    {
        var journal = NewJournalRow(delivery);
        DeliveryOutcome outcome;
        try
        {
            outcome = await DecideAndApplyAsync(delivery, journal, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever failed (storage above all), the outcome is not stored: ask Interkassa to retry.
            LogApplyFailed(logger, ex, LogText.Clean(journal.PaymentNo));
            outcome = DeliveryOutcome.Failed(journal.OrderId);
            await TryJournalAsync(NewJournalRow(delivery), outcome);
        }

        return outcome.Answer;
    }

    private async Task<DeliveryOutcome> DecideAndApplyAsync(NotificationDelivery delivery, NotificationRecord journal, CancellationToken cancellationToken)
    {
        if (delivery.MalformedDetail is not null || delivery.Fields is null)
            return await JournalAsync(journal, DeliveryOutcome.Reject(NotificationReasons.Malformed, delivery.MalformedDetail ?? "No fields."));

        // The payment's store decides whose settings verify the delivery; an unknown number is verified with the shared
        // ones. A delivery that no store's key signed is judged as one with an unknown number, without reading anything:
        // a flood of forgeries costs one journal insert each.
        var invoiceId = First(delivery.Fields, "ik_inv_id") ?? "";
        var (request, applied) = journal.PaymentNo is null || !await settingsProvider.IsSignedWithAnyStoreKeyAsync(delivery.Fields)
            ? (null, AppliedInvoice.None)
            : await lookup.ReadDeliveryAsync(journal.PaymentNo, invoiceId, First(delivery.Fields, "ik_inv_st"), cancellationToken);
        var storeId = request?.StoreId ?? 0;
        var effective = await settingsProvider.GetAsync(storeId);

        if (delivery.IsGet && !string.Equals(effective.Settings.NotificationMethod, "get", StringComparison.OrdinalIgnoreCase))
            return await JournalAsync(journal, DeliveryOutcome.Reject(NotificationReasons.Malformed, JournalDetail.Of("GetNotEnabled")));
        if (!SourceAddressFilter.IsAllowed(effective.Settings.AllowedSourceAddresses, delivery.SourceAddress))
        {
            return await JournalAsync(journal,
                DeliveryOutcome.Reject(NotificationReasons.Address, JournalDetail.Of("AddressNotAllowed", delivery.SourceAddress)));
        }

        var parsed = NotificationParser.Parse(delivery.Fields, effective.VerificationContext);
        if (!parsed.IsAccepted)
        {
            return await JournalAsync(journal,
                DeliveryOutcome.Reject(NotificationRejectionReasons.ToWire(parsed.Reason!.Value),
                    JournalDetail.Of("Protocol." + parsed.DetailCode, [.. parsed.DetailArguments])));
        }

        // Only a verified delivery costs an order lookup.
        var invoice = parsed.Notification;
        var order = request is null ? null : await orderService.GetOrderByIdAsync(request.OrderId);
        if (invoice.InvoiceId != invoiceId)
            applied = await lookup.ReadAppliedAsync(invoice.InvoiceId, cancellationToken);
        var input = new AcceptanceInput(JournalSources.Notification, effective.Settings.CheckoutId, effective.Settings.TestMode,
            request, order, applied.OrderId, effective.HasApiCredentials);
        if (PaymentAcceptance.Check(invoice, input) is { } refusal)
            return await JournalAsync(journal, refusal);

        var accepted = order!;
        if (applied.IsRepeat(invoice.State, accepted))
        {
            return await JournalAsync(journal,
                DeliveryOutcome.Repeat(JournalDetail.Of("StateAlreadyRecorded", JournalDetail.State(invoice.State)), accepted.Id));
        }

        if (PaymentAcceptance.NeedsApiConfirmation(invoice, input, effective.Settings.ConfirmPaymentsWithApi))
        {
            var answer = await confirmation.Value.ConfirmAsync(effective, storeId, invoice, request!, cancellationToken);
            if (answer.Verdict == ConfirmationVerdict.Unavailable)
                return await JournalAsync(journal, DeliveryOutcome.Awaiting(answer.Detail, accepted.Id));
            if (answer.Verdict == ConfirmationVerdict.Disagrees)
            {
                LogUnconfirmed(logger, accepted.Id, LogText.Clean(invoice.InvoiceId), answer.Detail);
                return await recorder.Value.RefuseUnconfirmedAsync(accepted, invoice, journal, answer.Detail, cancellationToken);
            }
        }

        return groupCommit.GroupsPayments
            ? await groupCommit.ApplyAsync(new PaymentToApply(accepted, invoice, journal))
            : await recorder.Value.ApplyAsync(accepted, invoice, journal, cancellationToken);
    }

    /// <summary>Stores a refusal, repeat or wait as one row; a refusal that proved nothing keeps a bounded body.</summary>
    private async Task<DeliveryOutcome> JournalAsync(NotificationRecord journal, DeliveryOutcome outcome)
    {
        Complete(journal, outcome);
        await journalWriter.AppendAsync(journal);
        if (outcome.Verdict == NotificationVerdicts.Rejected)
        {
            if (outcome.Reason is NotificationReasons.Signature or NotificationReasons.Malformed or NotificationReasons.Address)
                LogUnverified(logger, journal.Id, outcome.Reason);
            else
                LogRejected(logger, journal.Id, outcome.Reason, LogText.Clean(journal.PaymentNo), LogText.Clean(outcome.Detail));
        }

        return outcome;
    }

    /// <summary>After a failure: one more try to leave a trace in the journal; the log has it either way.</summary>
    private async Task TryJournalAsync(NotificationRecord journal, DeliveryOutcome outcome)
    {
        try
        {
            Complete(journal, outcome);
            await journalWriter.AppendAsync(journal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogJournalFailed(logger, ex, LogText.Clean(journal.PaymentNo), LogText.Clean(journal.InvoiceId));
        }
    }

    private static void Complete(NotificationRecord journal, DeliveryOutcome outcome)
    {
        journal.Verdict = outcome.Verdict;
        journal.Reason = outcome.Reason;
        journal.Detail = Clip(outcome.Detail, 1024);
        journal.OrderId = outcome.OrderId;
        if (outcome.Reason is NotificationReasons.Signature or NotificationReasons.Malformed or NotificationReasons.Address)
            journal.Body = Clip(journal.Body, UnverifiedBodyLimit)!;
    }

    private NotificationRecord NewJournalRow(NotificationDelivery delivery) => new()
    {
        ReceivedOnUtc = time.GetUtcNow().UtcDateTime,
        Source = JournalSources.Notification,
        SourceAddress = Clip(delivery.SourceAddress, 64),
        Body = delivery.RawBody,
        PaymentNo = Clip(First(delivery.Fields, "ik_pm_no"), 64),
        InvoiceId = Clip(First(delivery.Fields, "ik_inv_id"), 64),
        State = Clip(First(delivery.Fields, "ik_inv_st"), 32),
        Verdict = NotificationVerdicts.Received,
    };

    private static string? First(IReadOnlyList<KeyValuePair<string, string>>? fields, string name) =>
        fields?.FirstOrDefault(f => f.Key == name).Value;

    private static string? Clip(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa notification for payment {PaymentNo} could not be stored; answered 503 so that Interkassa retries")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, string? paymentNo);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa notification for payment {PaymentNo}, invoice {InvoiceId} could not be journaled either")]
    private static partial void LogJournalFailed(ILogger logger, Exception exception, string? paymentNo, string? invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa notification {JournalId} rejected: {Reason} (payment {PaymentNo}): {Detail}")]
    private static partial void LogRejected(ILogger logger, long journalId, string? reason, string? paymentNo, string? detail);

    // Unsigned traffic is in the journal; at Debug a flood of it does not flood the log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Unverified delivery to the Interkassa notification URL refused ({Reason}); journal row {JournalId}")]
    private static partial void LogUnverified(ILogger logger, long journalId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa's API does not confirm invoice {InvoiceId} notified as paid for order {OrderId}: {Detail}")]
    private static partial void LogUnconfirmed(ILogger logger, int orderId, string? invoiceId, string detail);
}
