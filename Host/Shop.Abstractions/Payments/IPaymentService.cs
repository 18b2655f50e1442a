using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Payments;

/// <summary>Payment helpers the store offers to payment plugins.</summary>
public interface IPaymentService
{
    /// <summary>
    /// A fee for this cart: <paramref name="fee"/> itself, or that percentage of the cart subtotal
    /// when <paramref name="usePercentage"/>; rounded to 2 decimals, never negative.
    /// </summary>
    Task<decimal> CalculateAdditionalFeeAsync(IList<ShoppingCartItem> cart, decimal fee, bool usePercentage);

    /// <summary>Active payment methods for a store, in display order.</summary>
    Task<IReadOnlyList<IPaymentMethod>> GetActivePaymentMethodsAsync(int storeId);

    /// <summary>Whether the method with this system name is installed and active.</summary>
    Task<bool> IsPaymentMethodActiveAsync(string systemName);
}
