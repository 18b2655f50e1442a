using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

/// <summary>The result of placing an order: the saved order, or the errors that stopped it (nothing was written then).</summary>
public sealed record PlaceOrderResult(Order? Order, IReadOnlyList<string> Errors);

/// <summary>What the buyer confirmed: cart, payment method, and the language and currency they saw.</summary>
public sealed record OrderRequest(Customer Customer, Store Store, IList<ShoppingCartItem> Cart, IPaymentMethod PaymentMethod,
    Language Language, Currency Currency)
{
    /// <summary>The new order's guid when the caller chose it (as nopCommerce's ProcessPaymentRequest.OrderGuid); null: a new one.</summary>
    public Guid? OrderGuid { get; init; }
}

/// <summary>
/// Turns a confirmed cart into an order: asks the payment method to process the payment, then writes the order,
/// its items and the emptied cart in one transaction, and announces it.
/// </summary>
public sealed class OrderPlacementService(
    ShopDbContext db,
    IEventPublisher events,
    IOrderProcessingService processing,
    TimeProvider time,
    ILogger<OrderPlacementService> logger)
{
    /// <summary>Error resource names; the page shows them localized.</summary>
    public const string EmptyCartError = "Checkout.Error.EmptyCart";

    public const string CartChangedError = "Checkout.Error.CartChanged";

    public const string PaymentFailedError = "Checkout.Error.PaymentFailed";

    public async Task<PlaceOrderResult> PlaceOrderAsync(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cart = request.Cart;
        if (cart.Count == 0 || cart.Any(i => i.Product is null))
            return new PlaceOrderResult(null, [EmptyCartError]);

        var subtotal = cart.Sum(i => i.Product!.Price * i.Quantity);
        var fee = Math.Max(0m, Math.Round(await request.PaymentMethod.GetAdditionalHandlingFeeAsync(cart), 2, MidpointRounding.AwayFromZero));
        var now = time.GetUtcNow().UtcDateTime;
        var paymentRequest = new ProcessPaymentRequest
        {
            StoreId = request.Store.Id,
            CustomerId = request.Customer.Id,
            OrderGuid = request.OrderGuid ?? Guid.NewGuid(),
            OrderGuidGeneratedOnUtc = now,
            OrderTotal = subtotal + fee,
            PaymentMethodSystemName = request.PaymentMethod.PluginDescriptor.SystemName,
        };

        ProcessPaymentResult processed;
        try
        {
            processed = await request.PaymentMethod.ProcessPaymentAsync(paymentRequest);
        }
        catch (Exception e)
        {
            logger.LogError(e, "ProcessPayment of {Method} failed", paymentRequest.PaymentMethodSystemName);
            return new PlaceOrderResult(null, [PaymentFailedError]);
        }
        if (!processed.Success)
            return new PlaceOrderResult(null, [.. processed.Errors]);

        var order = new Order
        {
            OrderGuid = paymentRequest.OrderGuid,
            StoreId = request.Store.Id,
            CustomerId = request.Customer.Id,
            CustomerEmail = request.Customer.Email,
            CustomerName = request.Customer.FullName,
            BillingCountryCode = request.Customer.BillingCountryCode,
            CustomerLanguageId = request.Language.Id,
            OrderSubtotal = subtotal,
            PaymentMethodAdditionalFee = fee,
            OrderTotal = subtotal + fee,
            CustomerCurrencyCode = request.Currency.CurrencyCode,
            CurrencyRate = request.Currency.Rate,
            OrderStatus = OrderStatus.Pending,
            // Paid is applied after the insert through MarkOrderAsPaidAsync, so OrderPaidEvent is raised the one usual way.
            PaymentStatus = processed.NewPaymentStatus == PaymentStatus.Authorized ? PaymentStatus.Authorized : PaymentStatus.Pending,
            PaymentMethodSystemName = paymentRequest.PaymentMethodSystemName,
            AuthorizationTransactionId = processed.AuthorizationTransactionId,
            CaptureTransactionId = processed.CaptureTransactionId,
            CreatedOnUtc = now,
            Items = cart.Select(i => new OrderItem
            {
                ProductId = i.ProductId,
                ProductName = i.Product!.Name,
                Quantity = i.Quantity,
                UnitPrice = i.Product.Price,
            }).ToList(),
        };

        if (!await SaveAsync(order, cart))
            return new PlaceOrderResult(null, [CartChangedError]);

        logger.LogInformation("Order {OrderId} placed: total {Total}, method {Method}", order.Id,
            order.OrderTotal.ToString("0.00", CultureInfo.InvariantCulture), order.PaymentMethodSystemName);
        await events.PublishAsync(new OrderPlacedEvent(order));
        if (processed.NewPaymentStatus == PaymentStatus.Paid)
            await processing.MarkOrderAsPaidAsync(order);
        return new PlaceOrderResult(order, []);
    }

    /// <summary>Order, items and the emptied cart in one transaction; false (nothing written) when the cart changed meanwhile.</summary>
    private async Task<bool> SaveAsync(Order order, IList<ShoppingCartItem> cart)
    {
        // Lines with id 0 were never stored (an order placed through IOrderPlacementService): nothing to delete for them.
        var lineIds = cart.Where(i => i.Id != 0).Select(i => i.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Deleting the exact lines first makes a double submit (or a cart edited in another tab) lose here.
        var removed = lineIds.Count == 0 ? 0 : await db.ShoppingCartItems.Where(i => lineIds.Contains(i.Id)).ExecuteDeleteAsync();
        if (removed != lineIds.Count)
        {
            await transaction.RollbackAsync();
            return false;
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        order.CustomOrderNumber = order.Id.ToString(CultureInfo.InvariantCulture);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        db.ChangeTracker.Clear();
        return true;
    }
}
