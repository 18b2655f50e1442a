using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Data;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Web.Data;
using Shop.Web.PluginSystem;
using Shop.Web.Web;

namespace Shop.Web.Services.Orders;

/// <summary>The outcome of <see cref="OrderProcessingService.TryMarkOrderAsPaidAsync"/>.</summary>
public enum MarkPaidOutcome
{
    /// <summary>This call moved the order to Paid and published <see cref="OrderPaidEvent"/>.</summary>
    Marked,

    /// <summary>The order was already Paid (or later: refunded); nothing changed.</summary>
    AlreadyPaid,

    /// <summary>The order cannot be paid (cancelled or voided); nothing changed.</summary>
    NotAllowed,
}

/// <summary>
/// Payment-state transitions, each a conditional UPDATE so the database lets exactly one caller apply it,
/// whatever the number of concurrent requests or store processes. States only move forward:
/// Pending/Authorized → Paid → PartiallyRefunded → Refunded, and Pending/Authorized → Voided.
/// </summary>
public sealed class OrderProcessingService(
    ShopDbContext db,
    IOrderService orders,
    IEventPublisher events,
    OrderPaidEventDelivery paidEvents,
    PluginManager plugins,
    ILocalizationService localization,
    ICurrencyService currencies,
    TimeProvider time,
    ILogger<OrderProcessingService> logger) : IOrderProcessingService
{
    private const int MaxConcurrencyRetries = 5;

    public bool CanMarkOrderAsPaid(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.OrderStatus != OrderStatus.Cancelled
            && order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized;
    }

    public Task MarkOrderAsPaidAsync(Order order) => TryMarkOrderAsPaidAsync(order);

    /// <summary>
    /// The store's own mark-paid: exactly once across all callers and processes (a conditional update); refreshes
    /// <paramref name="order"/> from the database. The outcome is the store's, not part of the platform API.
    /// </summary>
    public async Task<MarkPaidOutcome> TryMarkOrderAsPaidAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var now = time.GetUtcNow().UtcDateTime;
        // One conditional UPDATE that hands back the state it stored, so paying costs no second read. Only a payable
        // order (pending or authorized, not cancelled) matches: the database lets exactly one caller change it.
        // "Version" is the order's concurrency version (ShopDbContext.OrderVersion); "PaidEventDueUtc" makes its
        // OrderPaidEvent durable (PaidEventLedger) at no extra statement.
        var marked = await db.Database.ExecuteRowAsync($$"""
            UPDATE "Orders" SET "PaymentStatus" = {0}, "PaidDateUtc" = {1},
                "OrderStatus" = CASE WHEN "OrderStatus" = {2} THEN {3} ELSE "OrderStatus" END,
                "Version" = "Version" + 1, "{{ShopDbContext.OrderPaidEventDueUtc}}" = {8}
            WHERE "Id" = {4} AND "PaymentStatus" IN ({5}, {6}) AND "OrderStatus" <> {7}
            RETURNING {{StoredStateColumns}}
            """,
            [(int)PaymentStatus.Paid, ShopDbContext.AsUtc(now), (int)OrderStatus.Pending, (int)OrderStatus.Processing,
                order.Id, (int)PaymentStatus.Pending, (int)PaymentStatus.Authorized, (int)OrderStatus.Cancelled,
                ShopDbContext.AsUtc(paidEvents.DueUtc(now))],
            row => ReadStoredState(row, order));
        if (!marked)
        {
            await ReloadAsync(order);
            return order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded
                ? MarkPaidOutcome.AlreadyPaid
                : MarkPaidOutcome.NotAllowed;
        }

        await AddNoteAsync(order, await NoteTextAsync(order, "Orders.Note.MarkedPaid"), displayToCustomer: false);
        await paidEvents.PublishAsync(order);
        logger.LogInformation("Order {OrderId} marked as paid", order.Id);
        return MarkPaidOutcome.Marked;
    }

    public bool CanRefund(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.PaymentStatus == PaymentStatus.Paid && order.RefundedAmount == 0m && order.OrderTotal > 0m
            && PaymentMethodOf(order) is { SupportRefund: true };
    }

    public async Task<IList<string>> RefundAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        await ReloadAsync(order);
        if (!CanRefund(order))
            return [await localization.GetResourceAsync("Orders.Error.CannotRefund")];
        return await RefundThroughPluginAsync(order, order.OrderTotal - order.RefundedAmount, isPartial: false);
    }

    public bool CanPartiallyRefund(Order order, decimal amountToRefund)
    {
        ArgumentNullException.ThrowIfNull(order);
        return CanPartiallyRefundOffline(order, amountToRefund) && PaymentMethodOf(order) is { SupportPartiallyRefund: true };
    }

    public async Task<IList<string>> PartiallyRefundAsync(Order order, decimal amountToRefund)
    {
        ArgumentNullException.ThrowIfNull(order);
        await ReloadAsync(order);
        if (!CanPartiallyRefund(order, amountToRefund))
            return [await localization.GetResourceAsync("Orders.Error.CannotRefund")];
        return await RefundThroughPluginAsync(order, amountToRefund, isPartial: true);
    }

    public bool CanRefundOffline(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.PaymentStatus == PaymentStatus.Paid && order.RefundedAmount == 0m && order.OrderTotal > 0m;
    }

    public async Task RefundOfflineAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        await ReloadAsync(order);
        if (!CanRefundOffline(order))
            throw new InvalidOperationException(await localization.GetResourceAsync("Orders.Error.CannotRefund"));
        if (!await ApplyRefundAsync(order, order.OrderTotal - order.RefundedAmount, requireUntouched: true))
            throw new InvalidOperationException(await localization.GetResourceAsync("Orders.Error.CannotRefund"));
    }

    public bool CanPartiallyRefundOffline(Order order, decimal amountToRefund)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded
            && amountToRefund > 0m
            && order.RefundedAmount + amountToRefund <= order.OrderTotal;
    }

    public async Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund)
    {
        ArgumentNullException.ThrowIfNull(order);
        await ReloadAsync(order);
        if (!CanPartiallyRefundOffline(order, amountToRefund) || !await ApplyRefundAsync(order, amountToRefund, requireUntouched: false))
            throw new InvalidOperationException(await localization.GetResourceAsync("Orders.Error.CannotRefund"));
    }

    public bool CanVoidOffline(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized;
    }

    public async Task VoidOfflineAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var affected = await db.Orders
            .Where(o => o.Id == order.Id && (o.PaymentStatus == PaymentStatus.Pending || o.PaymentStatus == PaymentStatus.Authorized))
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.PaymentStatus, PaymentStatus.Voided)
                .SetProperty(o => EF.Property<int>(o, ShopDbContext.OrderVersion), o => EF.Property<int>(o, ShopDbContext.OrderVersion) + 1));
        await ReloadAsync(order);
        if (affected == 0)
            throw new InvalidOperationException(await localization.GetResourceAsync("Orders.Error.CannotVoid"));
        await AddNoteAsync(order, await NoteTextAsync(order, "Orders.Note.Voided"), displayToCustomer: false);
    }

    public async Task CancelOrderAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var affected = await db.Orders
            .Where(o => o.Id == order.Id && o.OrderStatus == OrderStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.OrderStatus, OrderStatus.Cancelled)
                .SetProperty(o => EF.Property<int>(o, ShopDbContext.OrderVersion), o => EF.Property<int>(o, ShopDbContext.OrderVersion) + 1));
        await ReloadAsync(order);
        if (affected == 0)
            throw new InvalidOperationException(await localization.GetResourceAsync("Orders.Error.CannotCancel"));
        await AddNoteAsync(order, await NoteTextAsync(order, "Orders.Note.Cancelled"), displayToCustomer: true);
    }

    /// <summary>Why the plugin cannot refund this order, as a resource name, or null when it can.</summary>
    public string? WhyNoPluginRefund(Order order, bool partial)
    {
        ArgumentNullException.ThrowIfNull(order);
        var method = PaymentMethodOf(order);
        if (method is null)
            return "Admin.Orders.Refund.NoPlugin";
        if (partial ? !method.SupportPartiallyRefund : !method.SupportRefund)
            return partial ? "Admin.Orders.Refund.PartialNotSupported" : "Admin.Orders.Refund.NotSupported";
        if (order.PaymentStatus is not (PaymentStatus.Paid or PaymentStatus.PartiallyRefunded))
            return "Admin.Orders.Refund.NotPaid";
        return !partial && order.RefundedAmount > 0m ? "Admin.Orders.Refund.AlreadyPartial" : null;
    }

    private Task AddNoteAsync(Order order, string text, bool displayToCustomer) =>
        orders.InsertOrderNoteAsync(new OrderNote
        {
            OrderId = order.Id, Note = text, DisplayToCustomer = displayToCustomer, CreatedOnUtc = time.GetUtcNow().UtcDateTime,
        });

    /// <summary>Order notes are written in the order's language, whoever triggers them (admin, notification, task).</summary>
    private Task<string> NoteTextAsync(Order order, string resource) =>
        localization.GetResourceAsync(resource, order.CustomerLanguageId == 0 ? null : order.CustomerLanguageId);

    /// <summary>The payment method's own reason why it cannot refund this order (see <see cref="IRefundAvailability"/>), or null.</summary>
    public async Task<string?> PluginRefundReasonAsync(Order order) =>
        PaymentMethodOf(order) is IRefundAvailability availability ? await availability.GetRefundUnavailableReasonAsync(order) : null;

    private async Task<IList<string>> RefundThroughPluginAsync(Order order, decimal amount, bool isPartial)
    {
        var method = PaymentMethodOf(order)!;
        RefundPaymentResult result;
        try
        {
            result = await method.RefundAsync(new RefundPaymentRequest { Order = order, AmountToRefund = amount, IsPartialRefund = isPartial });
        }
        catch (Exception e)
        {
            logger.LogError(e, "Refund of order {OrderId} through {Method} failed", order.Id, order.PaymentMethodSystemName);
            return [e.Message];
        }
        if (!result.Success)
        {
            await AddNoteAsync(order,
                string.Format(CultureInfo.InvariantCulture, "{0} {1}", await localization.GetResourceAsync("Orders.Note.RefundFailed"),
                    string.Join("; ", result.Errors)), displayToCustomer: false);
            return result.Errors;
        }
        if (!await ApplyRefundAsync(order, amount, requireUntouched: !isPartial))
        {
            logger.LogError("Order {OrderId}: the gateway refunded {Amount} but the order changed meanwhile", order.Id, amount);
            return [await localization.GetResourceAsync("Orders.Error.RefundNotRecorded")];
        }
        return [];
    }

    /// <summary>Records a refund by compare-and-swap on the order's version; false when it no longer fits the order.</summary>
    private async Task<bool> ApplyRefundAsync(Order order, decimal amount, bool requireUntouched)
    {
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var fresh = await db.Orders.AsNoTracking().Where(o => o.Id == order.Id)
                .Select(o => new { o.PaymentStatus, o.RefundedAmount, o.OrderTotal, Version = EF.Property<int>(o, ShopDbContext.OrderVersion) })
                .FirstOrDefaultAsync();
            if (fresh is null || fresh.PaymentStatus is not (PaymentStatus.Paid or PaymentStatus.PartiallyRefunded)
                || amount <= 0m || fresh.RefundedAmount + amount > fresh.OrderTotal || (requireUntouched && fresh.RefundedAmount > 0m))
            {
                return false;
            }

            var refunded = fresh.RefundedAmount + amount;
            var status = refunded == fresh.OrderTotal ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
            var affected = await db.Orders
                .Where(o => o.Id == order.Id && EF.Property<int>(o, ShopDbContext.OrderVersion) == fresh.Version)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.RefundedAmount, refunded)
                    .SetProperty(o => o.PaymentStatus, status)
                    .SetProperty(o => EF.Property<int>(o, ShopDbContext.OrderVersion), fresh.Version + 1));
            if (affected == 1)
            {
                await ReloadAsync(order);
                // The note is written in the working language: the amount too, with the primary currency's sign.
                var primary = await currencies.GetPrimaryStoreCurrencyAsync();
                var text = string.Format(CultureInfo.CurrentCulture, await localization.GetResourceAsync("Orders.Note.Refunded"),
                    ShopUi.Money(amount, primary.CurrencyCode, primary.DisplayLocale, CultureInfo.CurrentCulture));
                await AddNoteAsync(order, text, displayToCustomer: true);
                await events.PublishAsync(new OrderRefundedEvent(order, amount));
                return true;
            }
        }
        return false;
    }

    private IPaymentMethod? PaymentMethodOf(Order order) =>
        plugins.GetLoadedInstance(order.PaymentMethodSystemName) as IPaymentMethod;

    /// <summary>Copies the stored state into the caller's order object (unchanged when the order is gone).</summary>
    private Task ReloadAsync(Order order) =>
        db.Database.ExecuteRowAsync($$"""SELECT {{StoredStateColumns}} FROM "Orders" WHERE "Id" = {0}""", [order.Id],
            row => ReadStoredState(row, order));

    /// <summary>The columns of an order's payment state that the caller's order object is kept in step with, as <see cref="ReadStoredState"/> reads them.</summary>
    private const string StoredStateColumns =
        "\"PaymentStatus\", \"OrderStatus\", \"PaidDateUtc\", \"RefundedAmount\", \"OrderTotal\", \"AuthorizationTransactionId\", \"CaptureTransactionId\"";

    private static void ReadStoredState(DbDataReader row, Order to)
    {
        to.PaymentStatus = (PaymentStatus)row.GetInt32(0);
        to.OrderStatus = (OrderStatus)row.GetInt32(1);
        to.PaidDateUtc = row.IsDBNull(2) ? null : ShopDbContext.FromStored(row.GetDateTime(2));
        to.RefundedAmount = row.GetDecimal(3);
        to.OrderTotal = row.GetDecimal(4);
        to.AuthorizationTransactionId = row.IsDBNull(5) ? null : row.GetString(5);
        to.CaptureTransactionId = row.IsDBNull(6) ? null : row.GetString(6);
    }
}
