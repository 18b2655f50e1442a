using System.Globalization;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>What an invoice state is checked against before it may touch an order.</summary>
/// <param name="Source">A notification (signature already verified) or reconciliation (read from the API).</param>
/// <param name="CheckoutId">The store's configured checkout.</param>
/// <param name="TestMode">Whether the store accepts the test payway.</param>
/// <param name="Request">The payment request named by <c>ik_pm_no</c>, or null when unknown.</param>
/// <param name="Order">That request's order, or null.</param>
/// <param name="InvoiceOrderId">The order this invoice already applied to (any state), or null when new.</param>
/// <param name="CanConfirmWithApi">Whether the API can be asked about the invoice (credentials set).</param>
public sealed record AcceptanceInput(
    string Source,
    string CheckoutId,
    bool TestMode,
    PaymentRequestRecord? Request,
    Order? Order,
    int? InvoiceOrderId,
    bool CanConfirmWithApi);

/// <summary>
/// The one acceptance rule shared by notifications and reconciliation: the right checkout, the test payway only in
/// test mode, a known payment number, the order's own binding, the amount and currency requested, and an invoice
/// not bound to another order. Pure: the callers read the inputs, this decides.
/// </summary>
public static class PaymentAcceptance
{
    /// <summary>The refusal, or null when the invoice state may be applied to <see cref="AcceptanceInput.Order"/>.</summary>
    public static DeliveryOutcome? Check(InterkassaNotification invoice, AcceptanceInput input)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(input);
        var orderId = input.Order?.Id;

        if (!string.Equals(invoice.CheckoutId, input.CheckoutId, StringComparison.OrdinalIgnoreCase))
            return DeliveryOutcome.Reject(NotificationReasons.Checkout, JournalDetail.Of("CheckoutDiffers", invoice.CheckoutId), orderId);
        if (invoice.Payway == InterkassaProtocol.TestPayway && !input.TestMode)
            return DeliveryOutcome.Reject(NotificationReasons.TestPayment, JournalDetail.Of("TestPaymentInLiveMode"), orderId);
        if (input.Request is not { } request || input.Order is not { } order)
            return DeliveryOutcome.Reject(NotificationReasons.Order, JournalDetail.Of("UnknownPaymentNo", invoice.PaymentNo));

        if (input.Source == JournalSources.Notification && BindingProblem(invoice, request, order) is { } problem)
            return DeliveryOutcome.Reject(NotificationReasons.Malformed, problem, order.Id);
        if (invoice.Amount != request.Amount)
        {
            return DeliveryOutcome.Reject(NotificationReasons.Amount,
                JournalDetail.Of("AmountDiffers", Money(invoice.Amount), Money(request.Amount)), order.Id);
        }
        if (!string.Equals(invoice.Currency, request.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return DeliveryOutcome.Reject(NotificationReasons.Currency,
                JournalDetail.Of("CurrencyDiffers", invoice.Currency, request.Currency), order.Id);
        }
        if (input.InvoiceOrderId is { } boundTo && boundTo != order.Id)
            return DeliveryOutcome.Reject(NotificationReasons.Order, JournalDetail.Of("InvoiceBoundToOtherOrder", invoice.InvoiceId), order.Id);
        if (invoice.UnknownFields.Count > 0 && !input.CanConfirmWithApi)
        {
            return DeliveryOutcome.Reject(NotificationReasons.Malformed,
                JournalDetail.Of("UnknownFields", string.Join(", ", invoice.UnknownFields.Take(5))), order.Id);
        }
        return null;
    }

    /// <summary>Whether the API must confirm this state before it is applied.</summary>
    public static bool NeedsApiConfirmation(InterkassaNotification invoice, AcceptanceInput input, bool confirmPayments) =>
        input.Source == JournalSources.Notification && input.CanConfirmWithApi
        && (invoice.UnknownFields.Count > 0 || (confirmPayments && invoice.State == InvoiceState.Success));

    /// <summary>
    /// The fields the store itself sent must come back exactly: the order's guid in <c>ik_x_orderguid</c>, no other
    /// custom field, and the signed description. Together with <see cref="NotificationShape"/> this leaves no room
    /// to re-cut a payment form into a notification.
    /// </summary>
    private static string? BindingProblem(InterkassaNotification invoice, PaymentRequestRecord request, Order order)
    {
        if (!invoice.CustomFields.TryGetValue(InterkassaDefaults.OrderGuidField, out var guid)
            || !string.Equals(guid, order.OrderGuid.ToString("D"), StringComparison.OrdinalIgnoreCase))
        {
            return JournalDetail.Of("OrderGuidMismatch");
        }
        var foreign = invoice.CustomFields.Keys.FirstOrDefault(k => k != InterkassaDefaults.OrderGuidField);
        if (foreign is not null)
            return JournalDetail.Of("UnknownFields", InterkassaProtocol.CustomFieldPrefix + foreign);
        if (request.Description is not null && invoice.Description is not null && invoice.Description != request.Description)
            return JournalDetail.Of("DescriptionDiffers");
        return null;
    }

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
