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

    /// <summary>Adds a dated note to an order.</summary>
    Task<OrderNote> AddOrderNoteAsync(int orderId, string note, bool displayToCustomer);

    /// <summary>
    /// Records the payment system's transaction id (e.g. its invoice) as the order's capture and authorization
    /// transaction id, in one UPDATE that joins the caller's store transaction when there is one.
    /// </summary>
    Task SetTransactionIdAsync(int orderId, string transactionId);

    /// <summary>Pending orders paid with a method, placed at or before <paramref name="placedBeforeUtc"/>.</summary>
    Task<IReadOnlyList<Order>> GetPendingOrdersAsync(string paymentMethodSystemName, DateTime placedBeforeUtc);

    /// <summary>
    /// Orders matching every given filter, newest first (by <see cref="Order.CreatedOnUtc"/>). <paramref name="storeId"/> 0 means
    /// every store; <paramref name="osIds"/> and <paramref name="psIds"/> are the int values of <see cref="OrderStatus"/> and
    /// <see cref="PaymentStatus"/>; null or empty lists do not filter.
    /// </summary>
    Task<IList<Order>> SearchOrdersAsync(int storeId = 0, string? paymentMethodSystemName = null, DateTime? createdFromUtc = null,
        DateTime? createdToUtc = null, List<int>? osIds = null, List<int>? psIds = null, int pageIndex = 0, int pageSize = int.MaxValue);
}
