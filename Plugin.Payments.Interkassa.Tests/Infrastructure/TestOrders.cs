using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>Orders written straight into a store's database, for tests about what happens after checkout.</summary>
public static class TestOrders
{
    /// <summary>A pending order of one "Тестовый товар" (50 RUB) paid with <paramref name="paymentMethodSystemName"/>.</summary>
    public static Task<Order> CreatePendingAsync(ShopFactory shop, string paymentMethodSystemName = TestPlugins.TestPaySystemName)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            var product = await db.Products.AsNoTracking().SingleAsync(p => p.Name == StoreDriver.TestProduct);
            var store = await db.Stores.AsNoTracking().OrderBy(s => s.Id).FirstAsync();
            var language = await db.Languages.AsNoTracking().OrderBy(l => l.DisplayOrder).FirstAsync();
            var order = new Order
            {
                OrderGuid = Guid.NewGuid(),
                StoreId = store.Id,
                CustomerEmail = "buyer@example.com",
                CustomerName = "Test Buyer",
                BillingCountryCode = "RU",
                CustomerLanguageId = language.Id,
                OrderSubtotal = product.Price,
                OrderTotal = product.Price,
                CustomerCurrencyCode = "RUB",
                CurrencyRate = 1m,
                PaymentMethodSystemName = paymentMethodSystemName,
                CreatedOnUtc = DateTime.UtcNow,
                Items = [new OrderItem { ProductId = product.Id, ProductName = product.Name, Quantity = 1, UnitPrice = product.Price }],
            };
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            order.CustomOrderNumber = order.Id.ToString(CultureInfo.InvariantCulture);
            await db.SaveChangesAsync();
            return order;
        });
    }

    /// <summary>The order as stored now.</summary>
    public static Task<Order> ReloadAsync(ShopFactory shop, int orderId)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == orderId));
    }
}
