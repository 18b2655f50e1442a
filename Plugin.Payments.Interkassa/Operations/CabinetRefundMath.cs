using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>A refund made in Interkassa's cabinet that the store has not recorded yet.</summary>
/// <param name="InvoiceRefundedTotal">What the invoice says is refunded in all, payment currency (the claim's key).</param>
/// <param name="Amount">New since the store's records, payment currency.</param>
/// <param name="AmountPrimary">To record on the order, primary currency; 0 when the order already shows it.</param>
/// <param name="IsFull">The whole invoice is refunded: the order ends Refunded.</param>
public sealed record CabinetRefund(decimal InvoiceRefundedTotal, decimal Amount, decimal AmountPrimary, bool IsFull);

/// <summary>Pure arithmetic of refunds found in the cabinet: what is new, once, and never more than the order can take.</summary>
public static class CabinetRefundMath
{
    /// <summary>
    /// The refund the invoice shows beyond what the store recorded for it (its own refunds and cabinet refunds found
    /// before), or null when there is none. Only a paid (7) or refunded (9) invoice counts: a refund in progress (4)
    /// has not returned the money yet and is looked at again next round.
    /// </summary>
    /// <param name="recordedAmount">Succeeded refund rows of the invoice, payment currency.</param>
    /// <param name="recordedPrimary">The same rows, primary currency.</param>
    /// <param name="orderRefunded">The order's refunded amount now (it may include an offline refund the admin entered by hand).</param>
    public static CabinetRefund? NewRefund(ApiInvoiceState state, decimal invoiceRefunded, decimal paidAmount, decimal recordedAmount,
        decimal recordedPrimary, decimal orderTotal, decimal orderRefunded)
    {
        if (state is not (ApiInvoiceState.Paid or ApiInvoiceState.Refunded) || paidAmount <= 0 || orderTotal <= 0)
            return null;
        var total = state == ApiInvoiceState.Refunded ? paidAmount : Math.Min(Math.Max(invoiceRefunded, 0), paidAmount);
        if (total <= recordedAmount)
            return null;

        var isFull = total >= paidAmount;
        // The cumulative total is converted, so partial refunds add up to the order total once the invoice is refunded in full.
        var target = isFull ? orderTotal : PaymentAmountCalculator.Round(orderTotal * total / paidAmount);
        // What the order already shows counts as done: an offline refund the admin entered by hand is not counted twice.
        var primary = Math.Max(0, target - Math.Max(recordedPrimary, orderRefunded));
        return new CabinetRefund(total, total - recordedAmount, primary, isFull);
    }
}
