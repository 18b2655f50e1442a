using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Domain;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Payments;

[Category(TestCategories.Fast)]
public class PaymentStateMachineTests
{
    private static Order OrderWith(PaymentStatus payment, OrderStatus status = OrderStatus.Pending) =>
        new() { PaymentStatus = payment, OrderStatus = status };

    [Test]
    public void Success_marks_a_pending_order_paid() =>
        Assert.That(PaymentStateMachine.Decide(InvoiceState.Success, OrderWith(PaymentStatus.Pending)), Is.EqualTo(PaymentAction.MarkPaid));

    [Test]
    public void Success_on_an_order_already_paid_is_only_recorded() =>
        Assert.That(PaymentStateMachine.Decide(InvoiceState.Success, OrderWith(PaymentStatus.Paid)), Is.EqualTo(PaymentAction.RecordPayment));

    [TestCase(InvoiceState.Fail)]
    [TestCase(InvoiceState.Canceled)]
    [TestCase(InvoiceState.New)]
    [TestCase(InvoiceState.WaitAccept)]
    [TestCase(InvoiceState.Process)]
    public void Late_states_do_not_undo_a_paid_order(InvoiceState state)
    {
        foreach (var status in new[] { PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded })
            Assert.That(PaymentStateMachine.Decide(state, OrderWith(status)), Is.EqualTo(PaymentAction.NoChange), status.ToString());
    }

    [TestCase(InvoiceState.Fail)]
    [TestCase(InvoiceState.Canceled)]
    [TestCase(InvoiceState.WaitAccept)]
    public void Other_states_on_a_pending_order_only_add_a_note(InvoiceState state) =>
        Assert.That(PaymentStateMachine.Decide(state, OrderWith(PaymentStatus.Pending)), Is.EqualTo(PaymentAction.NoteOnly));

    [Test]
    public void Money_for_a_cancelled_order_alerts_the_admin()
    {
        Assert.That(PaymentStateMachine.Decide(InvoiceState.Success, OrderWith(PaymentStatus.Pending, OrderStatus.Cancelled)), Is.EqualTo(PaymentAction.AlertAdmin));
        Assert.That(PaymentStateMachine.Decide(InvoiceState.Success, OrderWith(PaymentStatus.Voided)), Is.EqualTo(PaymentAction.AlertAdmin));
    }
}
