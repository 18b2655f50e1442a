using Microsoft.AspNetCore.Http;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Plugins;

namespace Shop.Abstractions.Payments;

/// <summary>A payment method plugin; members as in nopCommerce 4.90.</summary>
public interface IPaymentMethod : IPlugin
{
    /// <summary>Runs before the order is saved; a redirect method answers Pending here.</summary>
    Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest processPaymentRequest);

    /// <summary>Runs after the order is saved; a redirect method sets <see cref="PostProcessPaymentRequest.Handoff"/> to send the buyer away.</summary>
    Task PostProcessPaymentAsync(PostProcessPaymentRequest postProcessPaymentRequest);

    /// <summary>True hides the method from the checkout list for this cart.</summary>
    Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart);

    /// <summary>Fee added to the order total for this cart, primary currency.</summary>
    Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart);

    Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest capturePaymentRequest);

    Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest refundPaymentRequest);

    Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest voidPaymentRequest);

    Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest processPaymentRequest);

    Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(CancelRecurringPaymentRequest cancelPaymentRequest);

    /// <summary>Whether the buyer may be sent to pay again (the "pay again" button on the order page).</summary>
    Task<bool> CanRePostProcessPaymentAsync(Order order);

    /// <summary>Errors in the payment-info form, empty when valid.</summary>
    Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form);

    /// <summary>Turns the payment-info form into a request.</summary>
    Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form);

    /// <summary>Text shown under the method's name at checkout, in the working language.</summary>
    Task<string> GetPaymentMethodDescriptionAsync();

    /// <summary>The view component rendering the payment-info step, or null when there is none.</summary>
    Type? GetPublicViewComponent();

    bool SupportCapture { get; }

    bool SupportPartiallyRefund { get; }

    bool SupportRefund { get; }

    bool SupportVoid { get; }

    RecurringPaymentType RecurringPaymentType { get; }

    PaymentMethodType PaymentMethodType { get; }

    /// <summary>True skips the payment-info step.</summary>
    bool SkipPaymentInfo { get; }
}
