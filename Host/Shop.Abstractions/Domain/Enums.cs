namespace Shop.Abstractions.Domain;

/// <summary>Where an order's money stands. Values as in nopCommerce.</summary>
public enum PaymentStatus
{
    Pending = 10,
    Authorized = 20,
    Paid = 30,
    PartiallyRefunded = 35,
    Refunded = 40,
    Voided = 50,
}

/// <summary>Where an order's fulfilment stands. Values as in nopCommerce.</summary>
public enum OrderStatus
{
    Pending = 10,
    Processing = 20,
    Complete = 30,
    Cancelled = 40,
}
