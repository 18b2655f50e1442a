namespace Shop.Abstractions.Domain;

/// <summary>A placed order. Money is in the store's primary currency unless a name says otherwise.</summary>
public class Order : BaseEntity
{
    /// <summary>Stable public identifier, unguessable; used in links and as a pass-through field.</summary>
    public Guid OrderGuid { get; set; }

    /// <summary>The number shown to buyers and sent to payment systems (digits only).</summary>
    public string CustomOrderNumber { get; set; } = "";

    public int StoreId { get; set; }

    public int CustomerId { get; set; }

    /// <summary>
    /// The store's own copy for its order pages — not on nopCommerce's Order: plugins read the customer's
    /// (<c>ICustomerService.GetCustomerByIdAsync(CustomerId)</c> → <c>Email</c>).
    /// </summary>
    public string CustomerEmail { get; set; } = "";

    /// <summary>The store's own copy for its order pages — not on nopCommerce's Order (its billing address has the name).</summary>
    public string CustomerName { get; set; } = "";

    /// <summary>
    /// ISO 3166 two-letter code of the billing country. The store's own — nopCommerce has a billing address with a country id;
    /// plugins do not read it.
    /// </summary>
    public string BillingCountryCode { get; set; } = "";

    /// <summary>Language the order was placed in, for texts sent or shown to the buyer.</summary>
    public int CustomerLanguageId { get; set; }

    /// <summary>Sum of item prices, primary currency.</summary>
    public decimal OrderSubtotal { get; set; }

    /// <summary>The payment method's additional fee, primary currency.</summary>
    public decimal PaymentMethodAdditionalFee { get; set; }

    /// <summary>What the buyer owes, primary currency (subtotal plus fee).</summary>
    public decimal OrderTotal { get; set; }

    /// <summary>Amount refunded so far, primary currency.</summary>
    public decimal RefundedAmount { get; set; }

    /// <summary>The currency the buyer saw (ISO code).</summary>
    public string CustomerCurrencyCode { get; set; } = "";

    /// <summary>Rate from the primary currency to <see cref="CustomerCurrencyCode"/> when the order was placed.</summary>
    public decimal CurrencyRate { get; set; } = 1m;

    public OrderStatus OrderStatus { get; set; } = OrderStatus.Pending;

    public PaymentStatus PaymentStatus { get; set; } = PaymentStatus.Pending;

    public string PaymentMethodSystemName { get; set; } = "";

    public string? AuthorizationTransactionId { get; set; }

    public string? CaptureTransactionId { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime? PaidDateUtc { get; set; }

    /// <summary>
    /// The lines given when the order is placed. <see cref="Orders.IOrderService"/>'s reads leave it empty — nopCommerce's
    /// order has no items either, and a payment notification needs none: <c>GetOrderItemsAsync</c> reads them.
    /// </summary>
    public List<OrderItem> Items { get; set; } = [];
}

/// <summary>One line of an order, with the price at the time of ordering.</summary>
public class OrderItem : BaseEntity
{
    public int OrderId { get; set; }

    public int ProductId { get; set; }

    public string ProductName { get; set; } = "";

    public int Quantity { get; set; }

    /// <summary>Unit price, primary currency.</summary>
    public decimal UnitPrice { get; set; }
}

/// <summary>A dated remark on an order; some are shown to the buyer.</summary>
public class OrderNote : BaseEntity
{
    public int OrderId { get; set; }

    public string Note { get; set; } = "";

    public bool DisplayToCustomer { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
