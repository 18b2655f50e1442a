namespace Shop.Abstractions.Payments;

/// <summary>How a method takes the payment. Values as in nopCommerce.</summary>
public enum PaymentMethodType
{
    Unknown = 0,
    Standard = 10,
    /// <summary>The buyer is sent to the payment system's page.</summary>
    Redirection = 15,
    Button = 20,
}

/// <summary>Recurring payments support. Values as in nopCommerce.</summary>
public enum RecurringPaymentType
{
    NotSupported = 0,
    Manual = 10,
    Automatic = 20,
}
