using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Orders;

/// <summary>Reads orders and writes order notes.</summary>
public interface IOrderService
{
    Task<Order?> GetOrderByIdAsync(int orderId);

    Task<Order?> GetOrderByGuidAsync(Guid orderGuid);

    Task<Order?> GetOrderByCustomOrderNumberAsync(string customOrderNumber);

    /// <summary>Notes of an order, oldest first.</summary>
    Task<IReadOnlyList<OrderNote>> GetOrderNotesAsync(int orderId);

    /// <summary>Inserts a note built by the caller (order, text, visibility, date); sets its <see cref="BaseEntity.Id"/>.</summary>
    Task InsertOrderNoteAsync(OrderNote orderNote);

    /// <summary>
    /// Records the payment system's transaction id (e.g. its invoice) as the order's capture and authorization
    /// transaction id, in one UPDATE that joins the caller's store transaction when there is one.
    /// </summary>
    Task SetTransactionIdAsync(int orderId, string transactionId);

    /// <summary>Pending orders paid with a method, placed at or before <paramref name="placedBeforeUtc"/>.</summary>
    Task<IReadOnlyList<Order>> GetPendingOrdersAsync(string paymentMethodSystemName, DateTime placedBeforeUtc);
}
