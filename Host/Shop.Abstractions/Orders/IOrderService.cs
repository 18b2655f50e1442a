using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Orders;

/// <summary>Reads orders and writes order notes.</summary>
public interface IOrderService
{
    /// <summary>The order without its items (<see cref="GetOrderItemsAsync"/>), as in nopCommerce; null when there is none.</summary>
    Task<Order?> GetOrderByIdAsync(int orderId);

    /// <summary>An order's items, in the order they were placed.</summary>
    Task<IList<OrderItem>> GetOrderItemsAsync(int orderId);

    Task<Order?> GetOrderByGuidAsync(Guid orderGuid);

    Task<Order?> GetOrderByCustomOrderNumberAsync(string customOrderNumber);

    /// <summary>Notes of an order, oldest first.</summary>
    Task<IReadOnlyList<OrderNote>> GetOrderNotesAsync(int orderId);

    /// <summary>Inserts a note built by the caller (order, text, visibility, date); sets its <see cref="BaseEntity.Id"/>.</summary>
    Task InsertOrderNoteAsync(OrderNote orderNote);

    /// <summary>
    /// Orders matching every given filter, newest first (a subset of nopCommerce's <c>SearchOrdersAsync</c>): storeId 0 = all
    /// stores; <paramref name="osIds"/> and <paramref name="psIds"/> are <see cref="OrderStatus"/> and <see cref="PaymentStatus"/>
    /// values; the creation bounds are inclusive.
    /// </summary>
    Task<IList<Order>> SearchOrdersAsync(int storeId = 0, string? paymentMethodSystemName = null, DateTime? createdFromUtc = null,
        DateTime? createdToUtc = null, List<int>? osIds = null, List<int>? psIds = null, int pageIndex = 0, int pageSize = int.MaxValue);
}

/// <summary>
/// Addition to nopCommerce (optional, implemented by this store's <see cref="IOrderService"/>): the transaction id in
/// one UPDATE. In nopCommerce: set <see cref="Order.CaptureTransactionId"/> and <see cref="Order.AuthorizationTransactionId"/>
/// and call <c>IOrderService.UpdateOrderAsync(order)</c>.
/// </summary>
public interface IOrderTransactionIds
{
    /// <summary>
    /// Records the payment system's transaction id (e.g. its invoice) as the order's capture and authorization
    /// transaction id, in one UPDATE that joins the caller's store transaction when there is one.
    /// </summary>
    Task SetTransactionIdAsync(int orderId, string transactionId);
}
