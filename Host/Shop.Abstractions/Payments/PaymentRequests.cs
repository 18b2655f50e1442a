using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Payments;

/// <summary>What the store knows about a payment before the order is saved.</summary>
public class ProcessPaymentRequest
{
    public int StoreId { get; set; }

    public int CustomerId { get; set; }

    /// <summary>The guid the order will have; new for each request.</summary>
    public Guid OrderGuid { get; set; }

    public DateTime? OrderGuidGeneratedOnUtc { get; set; }

    /// <summary>Primary currency.</summary>
    public decimal OrderTotal { get; set; }

    public string PaymentMethodSystemName { get; set; } = "";

    public string? CreditCardType { get; set; }

    public string? CreditCardName { get; set; }

    public string? CreditCardNumber { get; set; }

    public int CreditCardExpireYear { get; set; }

    public int CreditCardExpireMonth { get; set; }

    public string? CreditCardCvv2 { get; set; }

    /// <summary>The first order of a recurring series, when this is a recurring payment.</summary>
    public Order? InitialOrder { get; set; }

    public int RecurringCycleLength { get; set; }

    public int RecurringTotalCycles { get; set; }

    /// <summary>Extra values a payment-info form collected.</summary>
    public IDictionary<string, object?> CustomValues { get; set; } = new Dictionary<string, object?>();
}

/// <summary>The saved order, for the step that sends the buyer to pay.</summary>
public class PostProcessPaymentRequest
{
    public required Order Order { get; set; }

    /// <summary>Addition to nopCommerce. Set by a redirect method: where the store sends the buyer next. Null means stay in the store.</summary>
    public PaymentHandoff? Handoff { get; set; }
}

public class CapturePaymentRequest
{
    public required Order Order { get; set; }
}

public class VoidPaymentRequest
{
    public required Order Order { get; set; }
}

public class CancelRecurringPaymentRequest
{
    public required Order Order { get; set; }
}

public class RefundPaymentRequest
{
    public required Order Order { get; set; }

    /// <summary>Primary currency.</summary>
    public decimal AmountToRefund { get; set; }

    public bool IsPartialRefund { get; set; }
}
