using System.Globalization;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class RefundMathTests
{
    [Test]
    public void A_full_refund_sends_exactly_the_amount_paid()
    {
        var (amounts, error) = RefundMath.Compute(orderTotal: 50m, refundedBefore: 0m, amountToRefund: 50m, paidAmount: 0.66m);

        Assert.That(error, Is.Null);
        Assert.That(amounts, Is.EqualTo(new RefundAmounts(0.66m, 50m, IsFull: true)));
    }

    [Test]
    public void A_partial_refund_is_converted_in_proportion_to_the_payment_and_rounded_to_cents()
    {
        // 50 RUB paid as 0.66 USD; refunding 20 RUB is 0.264 USD.
        var (amounts, _) = RefundMath.Compute(50m, 0m, 20m, 0.66m);

        Assert.That(amounts, Is.EqualTo(new RefundAmounts(0.26m, 20m, IsFull: false)));
    }

    [Test]
    public void Partial_refunds_add_up_to_the_amount_paid_without_rounding_drift()
    {
        // Three thirds of 100.00 paid as 1.00: each third alone would round to 0.33 and lose a cent.
        var refunded = 0m;
        var sent = new List<decimal>();
        foreach (var part in new[] { 33.33m, 33.33m, 33.34m })
        {
            var (amounts, error) = RefundMath.Compute(100m, refunded, part, 1.00m);
            Assert.That(error, Is.Null);
            sent.Add(amounts!.Amount);
            refunded = amounts.CumulativeAfterPrimary;
        }

        Assert.That(sent, Is.EqualTo(new[] { 0.33m, 0.34m, 0.33m }));
        Assert.That(sent.Sum(), Is.EqualTo(1.00m));
    }

    [Test]
    public void The_same_currency_refunds_the_same_amount()
    {
        var (amounts, _) = RefundMath.Compute(1465.01m, 0m, 465.01m, 1465.01m);

        Assert.That(amounts!.Amount, Is.EqualTo(465.01m));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_refund_of_nothing_or_less_is_refused(decimal amount) =>
        Assert.That(RefundMath.Compute(50m, 0m, amount, 50m).Error, Is.EqualTo("Refunds.InvalidAmount"));

    [Test]
    public void Refunds_beyond_the_order_total_are_refused() =>
        Assert.That(RefundMath.Compute(50m, 40m, 10.01m, 50m).Error, Is.EqualTo("Refunds.ExceedsTotal"));

    [Test]
    public void An_amount_that_rounds_to_zero_in_the_payment_currency_is_refused() =>
        Assert.That(RefundMath.Compute(10000m, 0m, 0.10m, 1.00m).Error, Is.EqualTo("Refunds.TooSmall"));

    [Test]
    public void The_idempotency_key_is_the_order_and_the_cumulative_refunded_amount()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RefundMath.IdempotencyKey(42, 20m), Is.EqualTo("42:20.00"));
            Assert.That(RefundMath.IdempotencyKey(42, 20.00m), Is.EqualTo(RefundMath.IdempotencyKey(42, 20m)), "the scale of the decimal does not matter");
            Assert.That(RefundMath.IdempotencyKey(42, 40m), Is.Not.EqualTo(RefundMath.IdempotencyKey(42, 20m)), "the next partial refund is another refund");
            Assert.That(RefundMath.IdempotencyKey(43, 20m), Is.Not.EqualTo(RefundMath.IdempotencyKey(42, 20m)));
            Assert.That(RefundMath.IdempotencyKey(7, 12.3456m), Is.EqualTo("7:12.3456"));
        });
    }

    [Test]
    public void A_repeated_request_computes_the_same_key_so_the_stored_row_catches_it()
    {
        // A double click: both requests carry the order as it was before the first refund was recorded.
        var first = RefundMath.Compute(50m, 10m, 15m, 50m).Amounts!;
        var second = RefundMath.Compute(50m, 10m, 15m, 50m).Amounts!;

        Assert.That(RefundMath.IdempotencyKey(1, second.CumulativeAfterPrimary), Is.EqualTo(RefundMath.IdempotencyKey(1, first.CumulativeAfterPrimary)));
    }

    [Test]
    public void The_key_does_not_depend_on_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
            Assert.That(RefundMath.IdempotencyKey(5, 1465.01m), Is.EqualTo("5:1465.01"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.Timeout, true)]
    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.Unreachable, true)]
    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.InvalidResponse, true)]
    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.Unauthorized, false)]
    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.ApiError, false)]
    [TestCase(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind.NotFound, false)]
    public void Only_a_lost_answer_leaves_a_refund_pending_for_a_checked_retry(global::Plugin.Payments.Interkassa.Protocol.Api.InterkassaApiErrorKind kind, bool unknown) =>
        Assert.That(RefundService.IsOutcomeUnknown(kind), Is.EqualTo(unknown));
}
