using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

/// <summary>
/// <see cref="IOrderPlacementService"/> for plugins: the lines become a cart that is not stored (so the customer's own
/// cart is left alone) and go through the same <see cref="OrderPlacementService"/> as checkout.
/// </summary>
public sealed class OrderPlacementApi(
    ShopDbContext db,
    OrderPlacementService placement,
    ICustomerService customers,
    IStoreService stores,
    IPaymentService payments,
    ILanguageService languages,
    ICurrencyService currencies) : IOrderPlacementService
{
    public async Task<OrderPlacementResult> PlaceOrderAsync(OrderPlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Items.Count == 0 || request.Items.Any(i => i.Quantity < 1))
            return Failed("The order has no lines, or a line has no quantity.");
        if (request.OrderGuid is { } guid && await db.Orders.AnyAsync(o => o.OrderGuid == guid))
            return Failed("An order with this guid exists already.");
        if (await customers.GetCustomerByIdAsync(request.CustomerId) is not { } customer)
            return Failed("The customer does not exist.");
        if (await stores.GetStoreByIdAsync(request.StoreId) is not { } store)
            return Failed("The store does not exist.");
        var method = (await payments.GetActivePaymentMethodsAsync(store.Id))
            .FirstOrDefault(m => string.Equals(m.PluginDescriptor.SystemName, request.PaymentMethodSystemName, StringComparison.OrdinalIgnoreCase));
        if (method is null)
            return Failed("The payment method is not active in this store.");
        var language = await languages.GetLanguageByIdAsync(request.LanguageId ?? store.DefaultLanguageId)
            ?? (await languages.GetAllLanguagesAsync()).FirstOrDefault();
        if (language is null)
            return Failed("The store has no language.");

        var ids = request.Items.Select(i => i.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        if (ids.Any(id => !products.ContainsKey(id)))
            return Failed("A product does not exist.");

        // Id 0: lines that are not in the customer's stored cart, so placing the order deletes none.
        var cart = request.Items.Select(i => new ShoppingCartItem
        {
            CustomerId = customer.Id,
            StoreId = store.Id,
            ProductId = i.ProductId,
            Product = products[i.ProductId],
            Quantity = i.Quantity,
        }).ToList();
        var result = await placement.PlaceOrderAsync(new OrderRequest(customer, store, cart, method, language,
            await currencies.GetPrimaryStoreCurrencyAsync()) { OrderGuid = request.OrderGuid });
        return new OrderPlacementResult(result.Order, result.Errors);
    }

    private static OrderPlacementResult Failed(string error) => new(null, [error]);
}
