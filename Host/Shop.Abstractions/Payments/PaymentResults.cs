using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Payments;

/// <summary>Base of every payment result: success is "no errors".</summary>
public abstract class PaymentResultBase
{
    public IList<string> Errors { get; set; } = new List<string>();

    public bool Success => Errors.Count == 0;

    public void AddError(string error) => Errors.Add(error);
}

public class ProcessPaymentResult : PaymentResultBase
{
    public bool AllowStoringCreditCardNumber { get; set; }

    public string? AuthorizationTransactionCode { get; set; }

    public string? AuthorizationTransactionId { get; set; }

    public string? AuthorizationTransactionResult { get; set; }

    public string? CaptureTransactionId { get; set; }

    public string? CaptureTransactionResult { get; set; }

    public string? SubscriptionTransactionId { get; set; }

    public bool RecurringPaymentFailed { get; set; }

    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}

public class CapturePaymentResult : PaymentResultBase
{
    public string? CaptureTransactionId { get; set; }

    public string? CaptureTransactionResult { get; set; }

    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}

public class RefundPaymentResult : PaymentResultBase
{
    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}

public class VoidPaymentResult : PaymentResultBase
{
    public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
}

public class CancelRecurringPaymentResult : PaymentResultBase;
