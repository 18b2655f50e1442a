using System.Globalization;
using Plugin.Payments.Interkassa.Payments;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>What a refund sends, in the payment's currency, and the key that makes it happen once.</summary>
/// <param name="Amount">To send to Interkassa, payment currency, 2 decimals.</param>
/// <param name="CumulativeAfterPrimary">Refunded in total once this refund is done, primary currency.</param>
/// <param name="IsFull">Whether the order is then refunded in full.</param>
public sealed record RefundAmounts(decimal Amount, decimal CumulativeAfterPrimary, bool IsFull);

/// <summary>Pure refund arithmetic.</summary>
public static class RefundMath
{
    /// <summary>
    /// Converts a refund in the primary currency into the payment currency in proportion to what was paid.
    /// The cumulative total is converted and the previous cumulative subtracted, so rounding never adds
    /// up: the partial refunds of an order sum to exactly the amount paid once it is refunded in full.
    /// </summary>
    /// <returns>The amounts, or the resource name (under the plugin prefix) saying why not.</returns>
    public static (RefundAmounts? Amounts, string? Error) Compute(decimal orderTotal, decimal refundedBefore, decimal amountToRefund, decimal paidAmount)
    {
        if (amountToRefund <= 0 || orderTotal <= 0 || paidAmount <= 0)
            return (null, "Refunds.InvalidAmount");
        var after = refundedBefore + amountToRefund;
        if (after > orderTotal)
            return (null, "Refunds.ExceedsTotal");

        var isFull = after == orderTotal;
        var paidBefore = Proportion(paidAmount, refundedBefore, orderTotal);
        var paidAfter = isFull ? paidAmount : Proportion(paidAmount, after, orderTotal);
        var amount = paidAfter - paidBefore;
        return amount <= 0 ? (null, "Refunds.TooSmall") : (new RefundAmounts(amount, after, isFull), null);
    }

    /// <summary>
    /// "order id:cumulative refunded after this refund": the same request repeated (double click, retry)
    /// gets the same key; the next partial refund of the same order gets another.
    /// </summary>
    public static string IdempotencyKey(int orderId, decimal cumulativeAfterPrimary) =>
        string.Create(CultureInfo.InvariantCulture, $"{orderId}:{cumulativeAfterPrimary:0.00##}");

    private static decimal Proportion(decimal paid, decimal part, decimal total) =>
        part == 0 ? 0 : PaymentAmountCalculator.Round(paid * part / total);
}
