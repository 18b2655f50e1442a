using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Data;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// The auto-cancel rule (<see cref="InterkassaOperationsSettings.AutoCancelEnabled"/>, off by default): an Interkassa
/// order still unpaid <see cref="InterkassaOperationsSettings.AutoCancelHours"/> after its newest payment attempt (the
/// newest <see cref="PaymentRequestRecord"/>) is cancelled, with a note for the buyer, one for the admin and a journal
/// row, in one store transaction under the order's lock — the lock a notification takes, so a payment arriving at
/// that instant either pays first (nothing is cancelled) or finds the order cancelled (the admin is alerted).
/// </summary>
/// <remarks>
/// Never under a buyer who may still pay: a store whose payment lifetime is unknown (0) or not shorter than the wait is
/// skipped, and with API access Interkassa is asked first — an order with an invoice still open or ever paid stays
/// (the scheduled task reconciles before this runs, so a paid one is already Paid). When the API cannot be asked,
/// that store's orders wait for the next round.
/// </remarks>
public sealed partial class UnpaidOrderCancellation(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    ApiAccess apiAccess,
    InterkassaApiClient api,
    IStoreTransactions transactions,
    IOrderService orderService,
    IOrderProcessingService orderProcessing,
    ISettingService settingService,
    OrderNoteText notes,
    TimeProvider time,
    ILogger<UnpaidOrderCancellation> logger)
{
    /// <summary>Runs the rule once; returns how many orders this run cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var operations = await settingService.LoadSettingAsync<InterkassaOperationsSettings>();
        if (!operations.AutoCancelEnabled || operations.AutoCancelHours < 1)
            return 0;

        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddHours(-operations.AutoCancelHours);
        var pending = await orderService.SearchOrdersAsync(paymentMethodSystemName: InterkassaDefaults.SystemName, createdToUtc: cutoff,
            osIds: [(int)OrderStatus.Pending, (int)OrderStatus.Processing, (int)OrderStatus.Complete], psIds: [(int)PaymentStatus.Pending]);
        if (pending.Count == 0)
            return 0;

        var orderIds = pending.Select(o => o.Id).ToList();
        var requests = await db.PaymentRequests.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).ToListAsync(cancellationToken);
        var newest = requests.GroupBy(r => r.OrderId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.CreatedOnUtc)!);
        // An order without any attempt never had an invoice: the rule is about abandoned payments, it leaves those alone.
        var abandoned = pending.Where(o => o.OrderStatus == OrderStatus.Pending
            && newest.TryGetValue(o.Id, out var last) && last.CreatedOnUtc <= cutoff).ToList();

        var cancelled = 0;
        foreach (var store in abandoned.GroupBy(o => o.StoreId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var effective = await settingsProvider.GetAsync(store.Key);
            if (!InterkassaOperationsSettings.IsLongerThanLifetime(operations.AutoCancelHours, effective.Settings.PaymentLifetimeMinutes))
            {
                LogLifetimeNotShorter(logger, store.Key, effective.Settings.PaymentLifetimeMinutes, operations.AutoCancelHours);
                continue;
            }

            var orders = store.ToList();
            var keep = await StillOpenAtInterkassaAsync(store.Key, effective, orders, requests, now, cancellationToken);
            if (keep is null)
                continue;
            foreach (var order in orders.Where(o => !keep.Contains(o.Id)))
            {
                try
                {
                    if (await CancelAsync(order, newest[order.Id], cutoff, operations.AutoCancelHours, cancellationToken))
                    {
                        cancelled++;
                        LogCancelled(logger, order.Id, operations.AutoCancelHours);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One order's failure must not stop the others; the whole transaction rolled back, it is tried next round.
                    LogCancelFailed(logger, ex, order.Id);
                }
            }
        }

        return cancelled;
    }

    /// <summary>
    /// Orders Interkassa still has an open (awaiting, processing) or a paid invoice for; empty without API access; null
    /// when the API could not be asked (nothing of the store is cancelled this round).
    /// </summary>
    private async Task<HashSet<int>?> StillOpenAtInterkassaAsync(int storeId, EffectiveSettings effective, List<Order> orders,
        List<PaymentRequestRecord> requests, DateTime now, CancellationToken cancellationToken)
    {
        if (!effective.HasApiCredentials || effective.Settings.CheckoutId.Length == 0)
            return [];
        var ids = orders.Select(o => o.Id).ToHashSet();
        IReadOnlyList<ApiInvoice> invoices;
        try
        {
            var credentials = await apiAccess.CredentialsAsync(effective, storeId);
            invoices = await api.GetInvoicesAsync(credentials, effective.Settings.CheckoutId,
                orders.Min(o => o.CreatedOnUtc) - ReconciliationService.ClockMargin, now + ReconciliationService.ClockMargin, cancellationToken);
        }
        catch (InterkassaApiException ex)
        {
            LogApiFailed(logger, ex, storeId, ex.Kind);
            return null;
        }

        return InvoiceMatcher.Match(invoices, requests.Where(r => ids.Contains(r.OrderId)), effective.Settings.CheckoutId)
            .Where(m => !ApiInvoiceStates.IsFinal(m.Invoice.State) || ApiInvoiceStates.WasPaid(m.Invoice.State))
            .Select(m => m.Request.OrderId)
            .ToHashSet();
    }

    /// <summary>Cancels one order if, under its lock, it is still pending with no newer attempt and no claimed payment.</summary>
    private async Task<bool> CancelAsync(Order order, PaymentRequestRecord lastAttempt, DateTime cutoff, int hours, CancellationToken cancellationToken)
    {
        await using var transaction = await transactions.BeginAsync(cancellationToken);
        transaction.Enlist(db);
        await db.LockOrderAsync(order.Id, cancellationToken);

        // Decided again under the lock: another process, a notification or the buyer's "pay again" may have come first.
        var current = await orderService.GetOrderByIdAsync(order.Id);
        if (current is not { PaymentStatus: PaymentStatus.Pending, OrderStatus: OrderStatus.Pending })
            return false;
        var newest = await db.PaymentRequests.Where(r => r.OrderId == order.Id).MaxAsync(r => r.CreatedOnUtc, cancellationToken);
        if (newest > cutoff)
            return false;
        // A payment claimed but not yet marked (a store without shared transactions failed in between) is completed, not cancelled.
        if (await db.AppliedStates.AnyAsync(a => a.OrderId == order.Id && a.State == "success", cancellationToken))
            return false;

        await orderProcessing.CancelOrderAsync(current);
        var at = Utc(lastAttempt.CreatedOnUtc);
        await orderService.AddNoteAsync(order.Id, await notes.TextAsync(current, "Notes.AutoCancelled.Buyer", hours), displayToCustomer: true, time);
        await orderService.AddNoteAsync(order.Id,
            await notes.TextAsync(current, "Notes.AutoCancelled.Admin", hours, lastAttempt.PaymentNo, at), displayToCustomer: false, time);
        db.Notifications.Add(new NotificationRecord
        {
            ReceivedOnUtc = time.GetUtcNow().UtcDateTime,
            Source = JournalSources.AutoCancel,
            PaymentNo = lastAttempt.PaymentNo,
            Verdict = NotificationVerdicts.Applied,
            Detail = JournalDetail.Of("AutoCancelled", hours, at),
            OrderId = order.Id,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    [LoggerMessage(Level = LogLevel.Information, Message = "Interkassa auto-cancel: order {OrderId} cancelled, unpaid {Hours} h after its last payment attempt")]
    private static partial void LogCancelled(ILogger logger, int orderId, int hours);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interkassa auto-cancel could not cancel order {OrderId}; trying again next round")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception, int orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa auto-cancel could not ask the API about store {StoreId} ({Kind}); its orders wait for the next round")]
    private static partial void LogApiFailed(ILogger logger, Exception exception, int storeId, InterkassaApiErrorKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa auto-cancel skips store {StoreId}: its payment lifetime ({LifetimeMinutes} min, 0 = Interkassa's default) is not shorter than {Hours} h")]
    private static partial void LogLifetimeNotShorter(ILogger logger, int storeId, int lifetimeMinutes, int hours);
}
