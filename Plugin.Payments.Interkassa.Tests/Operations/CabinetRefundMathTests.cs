using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public sealed class CabinetRefundMathTests
{
    [Test]
    public void A_refunded_invoice_refunds_the_whole_order()
    {
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Refunded, 50m, paidAmount: 50m, recordedAmount: 0, recordedPrimary: 0, orderTotal: 50m, orderRefunded: 0);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(50m, 50m, 50m, IsFull: true)));
    }

    [Test]
    public void A_refunded_invoice_without_a_refunded_amount_still_counts_as_refunded_in_full()
    {
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Refunded, 0m, 50m, 0, 0, 50m, 0);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(50m, 50m, 50m, IsFull: true)));
    }

    [Test]
    public void A_partial_refund_on_a_paid_invoice_is_partial()
    {
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 20m, 50m, 0, 0, 50m, 0);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(20m, 20m, 20m, IsFull: false)));
    }

    [Test]
    public void What_the_store_already_recorded_is_not_new()
    {
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Refunded, 50m, 50m, recordedAmount: 20m, recordedPrimary: 20m, 50m, orderRefunded: 20m);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(50m, 30m, 30m, IsFull: true)));
    }

    [TestCase(20)]
    [TestCase(25)]
    public void Nothing_beyond_the_records_is_nothing(decimal recorded)
    {
        Assert.That(CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 20m, 50m, recorded, recorded, 50m, recorded), Is.Null);
    }

    [TestCase(ApiInvoiceState.RefundInProgress)]
    [TestCase(ApiInvoiceState.AwaitingPayment)]
    [TestCase(ApiInvoiceState.Canceled)]
    [TestCase(ApiInvoiceState.Expired)]
    public void Only_a_paid_or_refunded_invoice_counts(ApiInvoiceState state)
    {
        Assert.That(CabinetRefundMath.NewRefund(state, 20m, 50m, 0, 0, 50m, 0), Is.Null);
    }

    [Test]
    public void A_refund_the_admin_already_entered_by_hand_is_not_counted_twice()
    {
        // The admin recorded 20 offline after refunding 20 in the cabinet: the order already shows it.
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 20m, 50m, 0, 0, 50m, orderRefunded: 20m);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(20m, 20m, 0m, IsFull: false)));
    }

    [Test]
    public void A_store_refund_the_order_does_not_show_yet_is_not_counted_twice()
    {
        // The store's refund of 20 succeeded at Interkassa and the store has not moved the order yet; the cabinet refunded 10 more.
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 30m, 50m, recordedAmount: 20m, recordedPrimary: 20m, 50m, orderRefunded: 0m);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(30m, 10m, 10m, IsFull: false)));
    }

    [Test]
    public void A_payment_in_another_currency_is_converted_by_the_cumulative_share_so_the_parts_add_up()
    {
        // 1000 RUB paid as 10.99 USD: refunds of 3.33 then 7.66 USD.
        var first = CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 3.33m, 10.99m, 0, 0, 1000m, 0)!;
        var second = CabinetRefundMath.NewRefund(ApiInvoiceState.Refunded, 10.99m, 10.99m, first.Amount, first.AmountPrimary, 1000m, first.AmountPrimary)!;
        Assert.Multiple(() =>
        {
            Assert.That(first.AmountPrimary, Is.EqualTo(303.00m));
            Assert.That(second.Amount, Is.EqualTo(7.66m));
            Assert.That(first.AmountPrimary + second.AmountPrimary, Is.EqualTo(1000m), "refunded in full: exactly the order total");
        });
    }

    [Test]
    public void An_invoice_claiming_more_than_was_paid_counts_as_what_was_paid()
    {
        var refund = CabinetRefundMath.NewRefund(ApiInvoiceState.Paid, 80m, 50m, 0, 0, 50m, 0);
        Assert.That(refund, Is.EqualTo(new CabinetRefund(50m, 50m, 50m, IsFull: true)));
    }
}
