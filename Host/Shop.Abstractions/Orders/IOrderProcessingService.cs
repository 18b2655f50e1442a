using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Orders;

/// <summary>The outcome of <see cref="IOrderProcessingService.MarkOrderAsPaidAsync"/>.</summary>
public enum MarkPaidOutcome
{
    /// <summary>This call moved the order to Paid and published <see cref="Events.OrderPaidEvent"/>.</summary>
    Marked,

    /// <summary>The order was already Paid (or later: refunded); nothing changed.</summary>
    AlreadyPaid,

    /// <summary>The order cannot be paid (cancelled or voided); nothing changed.</summary>
    NotAllowed,
}

/// <summary>
/// Moves orders between payment states. Every transition is decided by the database (a conditional
/// update), so concurrent callers in one or many processes cannot apply it twice; states never move back.
/// </summary>
public interface IOrderProcessingService
{
    /// <summary>False for cancelled orders and for orders already Paid, Refunded, PartiallyRefunded or Voided.</summary>
    bool CanMarkOrderAsPaid(Order order);

    /// <summary>Marks the order paid exactly once across all callers; refreshes <paramref name="order"/> from the database.</summary>
    Task<MarkPaidOutcome> MarkOrderAsPaidAsync(Order order);

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
