using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>An invoice found for one of the plugin's payment requests; whether it may be applied is <see cref="Payments.PaymentAcceptance"/>'s call.</summary>
public sealed record InvoiceMatch(ApiInvoice Invoice, PaymentRequestRecord Request);

/// <summary>Pure matching of API invoices to payment requests, and their mapping to notification states.</summary>
public static class InvoiceMatcher
{
    /// <summary>
    /// Invoices of <paramref name="checkoutId"/> whose <c>paymentNo</c> is one of the requests' <c>ik_pm_no</c>; paid ones
    /// first, so that an order with a paid and an expired attempt is marked paid before the expiry is noted.
    /// </summary>
    public static IReadOnlyList<InvoiceMatch> Match(IEnumerable<ApiInvoice> invoices, IEnumerable<PaymentRequestRecord> requests, string checkoutId)
    {
        var byPaymentNo = new Dictionary<string, PaymentRequestRecord>(StringComparer.Ordinal);
        foreach (var request in requests)
            byPaymentNo.TryAdd(request.PaymentNo, request);

        return invoices
            .Where(i => string.Equals(i.CheckoutId, checkoutId, StringComparison.OrdinalIgnoreCase) && byPaymentNo.ContainsKey(i.PaymentNo))
            .Select(i => new InvoiceMatch(i, byPaymentNo[i.PaymentNo]))
            .OrderByDescending(m => ApiInvoiceStates.WasPaid(m.Invoice.State))
            .ThenBy(m => m.Invoice.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The state to apply for an invoice, or null when it says nothing new (still awaiting or processing).</summary>
    public static InvoiceState? StateToApply(ApiInvoiceState state) =>
        ApiInvoiceStates.IsFinal(state) || ApiInvoiceStates.WasPaid(state) ? ApiInvoiceStates.ToInvoiceState(state) : null;

    /// <summary>The invoice as the verified notification it stands for; only called for a matched, consistent invoice.</summary>
    public static InterkassaNotification ToNotification(ApiInvoice invoice, InvoiceState state) => new()
    {
        CheckoutId = invoice.CheckoutId,
        InvoiceId = invoice.Id,
        State = state,
        PaymentNo = invoice.PaymentNo,
        Payway = invoice.Payway ?? "",
        Amount = invoice.Amount,
        Currency = invoice.Currency,
        CreditedAmount = invoice.CreditedAmount,
        PayerPrice = invoice.PayerPrice,
    };
}
