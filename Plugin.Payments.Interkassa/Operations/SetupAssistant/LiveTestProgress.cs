using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Operations.SetupAssistant;

/// <summary>A step of the live test; its label is <c>Assistant.Steps.&lt;Name&gt;</c>.</summary>
public enum LiveStepName
{
    FormAccepted,
    NotificationReceived,
    SignatureVerified,
    OrderPaid,
}

public enum LiveStepState
{
    /// <summary>Not reached yet; an earlier step is still open.</summary>
    Pending,

    /// <summary>The step that is expected next.</summary>
    Waiting,

    Done,

    Failed,
}

public sealed record LiveStep(LiveStepName Name, LiveStepState State, DateTime? AtUtc);

/// <summary>What the test has shown so far; the headline is <c>Assistant.Outcomes.&lt;Outcome&gt;</c>.</summary>
public enum LiveOutcome
{
    /// <summary>The form was sent; nothing is known yet.</summary>
    WaitingForPayment,

    /// <summary>A notification arrived and was refused; <see cref="LiveTestStatus.Diagnosis"/> says why.</summary>
    Refused,

    /// <summary>No notification for the waiting time and nothing known from the API.</summary>
    NoNotification,

    /// <summary>Interkassa's API shows the invoice paid, but no notification reached the store.</summary>
    PaidNoNotification,

    /// <summary>The notification (or the API) says the payment failed, was cancelled or expired.</summary>
    NotPaid,

    /// <summary>A verified notification could not be finished yet (storage failure or the API unavailable); Interkassa retries.</summary>
    Retrying,

    /// <summary>The order is paid: the whole path works.</summary>
    Paid,
}

/// <summary>What the API says about the test payment: null when there are no API credentials.</summary>
/// <param name="Found">An invoice with the test's payment number exists at Interkassa.</param>
/// <param name="Failed">The API could not be asked (its error is not the merchant's test result).</param>
public sealed record InterkassaSide(bool Found, ApiInvoiceState? State, DateTime? CreatedUtc, bool Failed);

/// <summary>A journaled delivery for the test order, with the diagnosis of a refusal already worked out.</summary>
/// <param name="InvoiceCreatedUtc">The notification's <c>ik_inv_crt</c>: when Interkassa accepted the form.</param>
public sealed record TestNotification(DateTime ReceivedUtc, string Verdict, string? Reason, string? State, DateTime? InvoiceCreatedUtc, Diagnosis? Diagnosis);

/// <param name="FormSentUtc">When the newest payment form of the order was built; null before the first.</param>
public sealed record LiveTestInput(
    DateTime NowUtc,
    DateTime? FormSentUtc,
    DateTime? PaidUtc,
    IReadOnlyList<TestNotification> Notifications,
    InterkassaSide? Interkassa,
    TimeSpan NoNotificationAfter);

public sealed record LiveTestStatus(IReadOnlyList<LiveStep> Steps, LiveOutcome Outcome, Diagnosis? Diagnosis, int MinutesWaited, ApiInvoiceState? InterkassaState)
{
    public bool IsFinished => Outcome == LiveOutcome.Paid;
}

/// <summary>Turns what arrived (journal, order, API) into the checklist's steps and one outcome. Pure: "now" is an input.</summary>
public static class LiveTestProgress
{
    public static LiveTestStatus Evaluate(LiveTestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notifications = input.Notifications.OrderBy(n => n.ReceivedUtc).ToList();
        var first = notifications.FirstOrDefault();
        var verified = notifications.FirstOrDefault(n => ProvesSignature(n));
        var api = input.Interkassa is { Failed: false, Found: true } found ? found : null;
        var minutes = input.FormSentUtc is { } sent ? (int)Math.Max(0, (input.NowUtc - sent).TotalMinutes) : 0;

        var accepted = api?.CreatedUtc ?? notifications.Select(n => n.InvoiceCreatedUtc ?? n.ReceivedUtc).FirstOrDefault(t => t != default);
        var formAccepted = api is not null || first is not null
            ? Step(LiveStepName.FormAccepted, LiveStepState.Done, accepted == default ? null : accepted)
            : Step(LiveStepName.FormAccepted, LiveStepState.Waiting, null);

        var outcome = Decide(input, notifications, api, minutes, out var diagnosis);
        var noArrival = outcome is LiveOutcome.NoNotification or LiveOutcome.PaidNoNotification;
        var received = first is not null
            ? Step(LiveStepName.NotificationReceived, LiveStepState.Done, first.ReceivedUtc)
            : Step(LiveStepName.NotificationReceived, noArrival ? LiveStepState.Failed : Next(formAccepted), null);
        var signature = verified is not null
            ? Step(LiveStepName.SignatureVerified, LiveStepState.Done, verified.ReceivedUtc)
            : Step(LiveStepName.SignatureVerified, first is not null ? LiveStepState.Failed : LiveStepState.Pending, null);
        var paid = input.PaidUtc is { } paidAt
            ? Step(LiveStepName.OrderPaid, LiveStepState.Done, paidAt)
            : Step(LiveStepName.OrderPaid, outcome is LiveOutcome.Refused or LiveOutcome.NotPaid ? LiveStepState.Failed : Next(signature), null);

        return new LiveTestStatus([formAccepted, received, signature, paid], outcome, diagnosis, minutes, input.Interkassa?.State);
    }

    private static LiveOutcome Decide(LiveTestInput input, List<TestNotification> notifications, InterkassaSide? api, int minutes,
        out Diagnosis? diagnosis)
    {
        diagnosis = null;
        if (input.PaidUtc is not null)
            return LiveOutcome.Paid;

        var last = notifications.LastOrDefault();
        if (last is not null)
        {
            if (last.Verdict == NotificationVerdicts.Rejected)
            {
                diagnosis = last.Diagnosis ?? new Diagnosis(DiagnosisCode.Other);
                return LiveOutcome.Refused;
            }

            if (last.Verdict is NotificationVerdicts.Awaiting or NotificationVerdicts.Failed or NotificationVerdicts.Received)
                return LiveOutcome.Retrying;
            if (last.State is "fail" or "canceled")
                return LiveOutcome.NotPaid;
            return LiveOutcome.WaitingForPayment;
        }

        if (api?.State is ApiInvoiceState.Paid)
            return LiveOutcome.PaidNoNotification;
        if (api?.State is ApiInvoiceState.Canceled or ApiInvoiceState.Expired)
            return LiveOutcome.NotPaid;
        return input.FormSentUtc is not null && minutes >= input.NoNotificationAfter.TotalMinutes
            ? LiveOutcome.NoNotification
            : LiveOutcome.WaitingForPayment;
    }

    /// <summary>The signature was good: anything but a refusal for an unsigned, misshapen or foreign-address delivery.</summary>
    private static bool ProvesSignature(TestNotification n) =>
        n.Verdict != NotificationVerdicts.Rejected
        || n.Reason is not (NotificationReasons.Signature or NotificationReasons.Malformed or NotificationReasons.Address);

    private static LiveStepState Next(LiveStep previous) => previous.State == LiveStepState.Done ? LiveStepState.Waiting : LiveStepState.Pending;

    private static LiveStep Step(LiveStepName name, LiveStepState state, DateTime? at) => new(name, state, at);
}
