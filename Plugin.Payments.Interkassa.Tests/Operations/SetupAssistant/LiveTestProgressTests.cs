using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations.SetupAssistant;

/// <summary>The live test's steps and outcome from times and journal rows; "now" is an input, so no test waits.</summary>
[Category(TestCategories.Fast)]
public class LiveTestProgressTests
{
    private static readonly DateTime Sent = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Right_after_the_form_is_sent_the_test_waits_for_interkassa()
    {
        var status = Evaluate(Sent.AddSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(status.Outcome, Is.EqualTo(LiveOutcome.WaitingForPayment));
            Assert.That(States(status), Is.EqualTo(new[] { LiveStepState.Waiting, LiveStepState.Pending, LiveStepState.Pending, LiveStepState.Pending }));
            Assert.That(status.IsFinished, Is.False);
        });
    }

    [Test]
    public void No_notification_for_the_waiting_time_tells_to_check_the_interaction_url()
    {
        var justBefore = Evaluate(Sent.AddMinutes(3).AddSeconds(-1));
        var after = Evaluate(Sent.AddMinutes(7).AddSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(justBefore.Outcome, Is.EqualTo(LiveOutcome.WaitingForPayment));
            Assert.That(after.Outcome, Is.EqualTo(LiveOutcome.NoNotification));
            Assert.That(after.MinutesWaited, Is.EqualTo(7));
            Assert.That(after.Steps[1].State, Is.EqualTo(LiveStepState.Failed));
        });
    }

    [Test]
    public void Paid_at_interkassa_without_a_notification_is_told_apart_from_not_paid()
    {
        var paid = Evaluate(Sent.AddSeconds(30), api: new InterkassaSide(true, ApiInvoiceState.Paid, Sent.AddSeconds(5), false));
        var waiting = Evaluate(Sent.AddSeconds(30), api: new InterkassaSide(true, ApiInvoiceState.AwaitingPayment, Sent.AddSeconds(5), false));
        var expired = Evaluate(Sent.AddMinutes(30), api: new InterkassaSide(true, ApiInvoiceState.Expired, Sent.AddSeconds(5), false));
        var notFound = Evaluate(Sent.AddSeconds(30), api: new InterkassaSide(false, null, null, false));

        Assert.Multiple(() =>
        {
            Assert.That(paid.Outcome, Is.EqualTo(LiveOutcome.PaidNoNotification));
            Assert.That(paid.Steps[0], Is.EqualTo(new LiveStep(LiveStepName.FormAccepted, LiveStepState.Done, Sent.AddSeconds(5))));
            Assert.That(paid.Steps[1].State, Is.EqualTo(LiveStepState.Failed));
            Assert.That(paid.InterkassaState, Is.EqualTo(ApiInvoiceState.Paid));
            Assert.That(waiting.Outcome, Is.EqualTo(LiveOutcome.WaitingForPayment));
            Assert.That(expired.Outcome, Is.EqualTo(LiveOutcome.NotPaid));
            Assert.That(notFound.Steps[0].State, Is.EqualTo(LiveStepState.Waiting), "no invoice yet: the form was not accepted yet");
        });
    }

    [Test]
    public void A_refused_notification_carries_its_diagnosis_and_fails_the_signature_step()
    {
        var diagnosis = new Diagnosis(DiagnosisCode.UnknownKey);
        var status = Evaluate(Sent.AddMinutes(1), new TestNotification(Sent.AddSeconds(40), "rejected", "signature", "success", null, diagnosis));

        Assert.Multiple(() =>
        {
            Assert.That(status.Outcome, Is.EqualTo(LiveOutcome.Refused));
            Assert.That(status.Diagnosis, Is.EqualTo(diagnosis));
            Assert.That(States(status), Is.EqualTo(new[] { LiveStepState.Done, LiveStepState.Done, LiveStepState.Failed, LiveStepState.Failed }));
            Assert.That(status.Steps[1].AtUtc, Is.EqualTo(Sent.AddSeconds(40)));
        });
    }

    [Test]
    public void A_test_payment_refused_in_live_mode_still_proves_the_signature()
    {
        var status = Evaluate(Sent.AddMinutes(1),
            new TestNotification(Sent.AddSeconds(40), "rejected", "test-payment", "success", null, new Diagnosis(DiagnosisCode.TestKeyInLiveMode)));

        Assert.Multiple(() =>
        {
            Assert.That(status.Outcome, Is.EqualTo(LiveOutcome.Refused));
            Assert.That(States(status), Is.EqualTo(new[] { LiveStepState.Done, LiveStepState.Done, LiveStepState.Done, LiveStepState.Failed }));
        });
    }

    [Test]
    public void A_paid_order_finishes_the_test_with_every_step_timed()
    {
        var arrived = Sent.AddSeconds(40);
        var paidAt = Sent.AddSeconds(41);
        var status = Evaluate(Sent.AddMinutes(1), paidAt, new TestNotification(arrived, "applied", null, "success", null, null));

        Assert.Multiple(() =>
        {
            Assert.That(status.Outcome, Is.EqualTo(LiveOutcome.Paid));
            Assert.That(status.IsFinished, Is.True);
            Assert.That(status.Steps.Select(s => s.AtUtc), Is.EqualTo(new DateTime?[] { arrived, arrived, arrived, paidAt }));
            Assert.That(States(status), Is.All.EqualTo(LiveStepState.Done));
        });
    }

    [Test]
    public void A_verified_delivery_that_could_not_be_finished_waits_for_the_retry()
    {
        var status = Evaluate(Sent.AddMinutes(1), new TestNotification(Sent.AddSeconds(40), "awaiting", null, "success", null, null));

        Assert.That((status.Outcome, status.Steps[2].State), Is.EqualTo((LiveOutcome.Retrying, LiveStepState.Done)));
    }

    [Test]
    public void A_failed_payment_is_not_paid()
    {
        var status = Evaluate(Sent.AddMinutes(1), new TestNotification(Sent.AddSeconds(40), "applied", null, "fail", null, null));

        Assert.That((status.Outcome, status.Steps[3].State), Is.EqualTo((LiveOutcome.NotPaid, LiveStepState.Failed)));
    }

    private static LiveTestStatus Evaluate(DateTime now, params TestNotification[] notifications) => Evaluate(now, null, notifications);

    private static LiveTestStatus Evaluate(DateTime now, DateTime? paid, params TestNotification[] notifications) =>
        LiveTestProgress.Evaluate(new LiveTestInput(now, Sent, paid, notifications, null, SetupAssistantService.NoNotificationAfter));

    private static LiveTestStatus Evaluate(DateTime now, InterkassaSide api) =>
        LiveTestProgress.Evaluate(new LiveTestInput(now, Sent, null, [], api, SetupAssistantService.NoNotificationAfter));

    private static LiveStepState[] States(LiveTestStatus status) => status.Steps.Select(s => s.State).ToArray();
}
