using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Orders;
using Shop.Web.Data;
using Shop.Web.Services.Orders;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>Counts the calls that moved an order to Paid.</summary>
public sealed class MarkPaidCalls
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}

/// <summary>
/// The platform's order processing with nopCommerce's mark-paid: read the order, and if it may be paid, write Paid —
/// no conditional update, so concurrent callers would all "mark" it. Everything else is the store's own.
/// </summary>
public sealed class UnguardedOrderProcessing(OrderProcessingService store, ShopDbContext db, IEventPublisher events, MarkPaidCalls calls)
    : IOrderProcessingService
{
    public async Task MarkOrderAsPaidAsync(Order order)
    {
        var row = await db.Orders.FindAsync(order.Id) ?? throw new InvalidOperationException("No such order.");
        await db.Entry(row).ReloadAsync();
        if (!store.CanMarkOrderAsPaid(row))
            return;
        row.PaymentStatus = PaymentStatus.Paid;
        row.PaidDateUtc = DateTime.UtcNow;
        await db.SaveChangesAsync();
        calls.Add();
        order.PaymentStatus = PaymentStatus.Paid;
        await events.PublishAsync(new OrderPaidEvent(order));
    }

    public bool CanMarkOrderAsPaid(Order order) => store.CanMarkOrderAsPaid(order);
    public bool CanRefund(Order order) => store.CanRefund(order);
    public Task<IList<string>> RefundAsync(Order order) => store.RefundAsync(order);
    public bool CanPartiallyRefund(Order order, decimal amountToRefund) => store.CanPartiallyRefund(order, amountToRefund);
    public Task<IList<string>> PartiallyRefundAsync(Order order, decimal amountToRefund) => store.PartiallyRefundAsync(order, amountToRefund);
    public bool CanRefundOffline(Order order) => store.CanRefundOffline(order);
    public Task RefundOfflineAsync(Order order) => store.RefundOfflineAsync(order);
    public bool CanPartiallyRefundOffline(Order order, decimal amountToRefund) => store.CanPartiallyRefundOffline(order, amountToRefund);
    public Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund) => store.PartiallyRefundOfflineAsync(order, amountToRefund);
    public bool CanVoidOffline(Order order) => store.CanVoidOffline(order);
    public Task VoidOfflineAsync(Order order) => store.VoidOfflineAsync(order);
    public Task CancelOrderAsync(Order order) => store.CancelOrderAsync(order);
}
