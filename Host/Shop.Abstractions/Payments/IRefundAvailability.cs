using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Payments;

/// <summary>
/// Addition to nopCommerce, optional for a payment method whose refund support depends on its configuration: the reason, in the working
/// language, why an order cannot be refunded through it (shown in the admin beside the unavailable buttons), or null.
/// </summary>
public interface IRefundAvailability
{
    Task<string?> GetRefundUnavailableReasonAsync(Order order);
}
