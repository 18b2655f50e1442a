using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Customers;

public interface ICustomerService
{
    Task<Customer?> GetCustomerByIdAsync(int customerId);

    Task<IReadOnlyList<CustomerRole>> GetCustomerRolesAsync(Customer customer);

    Task<IReadOnlyList<CustomerRole>> GetAllCustomerRolesAsync();
}

/// <summary>Carts and their totals.</summary>
public interface IShoppingCartService
{
    /// <summary>The customer's cart in a store, with products loaded.</summary>
    Task<IList<ShoppingCartItem>> GetShoppingCartAsync(Customer customer, int storeId);

    /// <summary>Sum of unit price times quantity, primary currency.</summary>
    Task<decimal> GetCartSubTotalAsync(IList<ShoppingCartItem> cart);
}
