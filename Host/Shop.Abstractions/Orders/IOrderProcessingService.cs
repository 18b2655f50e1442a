using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Orders;

/// <summary>
/// Moves orders between payment states; states never move back. nopCommerce's mark-paid is a read-then-write, so a
/// plugin must not rely on it being exactly-once (this store's happens to be, but says nothing about it).
/// </summary>
public interface IOrderProcessingService
{
    /// <summary>False for cancelled orders and for orders already Paid, Refunded, PartiallyRefunded or Voided.</summary>
    bool CanMarkOrderAsPaid(Order order);

    /// <summary>Marks the order paid if it may be paid, otherwise does nothing; <paramref name="order"/> shows its payment status afterwards.</summary>
    Task MarkOrderAsPaidAsync(Order order);

    bool CanRefund(Order order);

    /// <summary>Refunds the whole remaining amount through the order's payment plugin; returns errors, empty on success.</summary>
    Task<IList<string>> RefundAsync(Order order);

    bool CanPartiallyRefund(Order order, decimal amountToRefund);

    /// <summary>Refunds part of the order through its payment plugin; returns errors, empty on success.</summary>
    Task<IList<string>> PartiallyRefundAsync(Order order, decimal amountToRefund);

    bool CanRefundOffline(Order order);

    /// <summary>Records a full refund made outside the store.</summary>
    Task RefundOfflineAsync(Order order);

    bool CanPartiallyRefundOffline(Order order, decimal amountToRefund);

    /// <summary>Records a partial refund made outside the store.</summary>
    Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund);

    bool CanVoidOffline(Order order);

    Task VoidOfflineAsync(Order order);

    /// <summary>Marks a pending order cancelled (payment status unchanged).</summary>
    Task CancelOrderAsync(Order order);
}
