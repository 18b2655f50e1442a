using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Orders;

/// <summary>One line of an order placed by a plugin: a product (published or not) and a quantity.</summary>
public sealed record OrderPlacementItem(int ProductId, int Quantity);

/// <summary>
/// An order a plugin places on a customer's behalf, without the customer's cart (e.g. an admin's test order).
/// Language and currency default to the store's; the payment method must be active.
/// </summary>
public sealed record OrderPlacementRequest(int CustomerId, int StoreId, IReadOnlyList<OrderPlacementItem> Items, string PaymentMethodSystemName)
{
    /// <summary>Null: the store's default language.</summary>
    public int? LanguageId { get; init; }

    /// <summary>
    /// The new order's guid, chosen by the caller (as nopCommerce's ProcessPaymentRequest.OrderGuid) so that it can find
    /// the order again; null: a new one. An order with this guid must not exist yet (the guid is unique).
    /// </summary>
    public Guid? OrderGuid { get; init; }
}

/// <summary>The placed order, or the errors that stopped it (nothing was written then).</summary>
public sealed record OrderPlacementResult(Order? Order, IReadOnlyList<string> Errors);

/// <summary>
/// Places orders the way checkout does: the payment method's ProcessPayment, then the order and its items in one
/// transaction, then <see cref="Events.OrderPlacedEvent"/>. It never marks an order paid by itself: only a payment
/// method's own result can.
/// </summary>
public interface IOrderPlacementService
{
    Task<OrderPlacementResult> PlaceOrderAsync(OrderPlacementRequest request);
}
