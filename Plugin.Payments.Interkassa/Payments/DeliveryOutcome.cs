using Plugin.Payments.Interkassa.Data;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// How one delivery (a notification, or an invoice state read by reconciliation) ended: the journal's verdict,
/// reason and detail, the order it concerns, and the HTTP answer Interkassa gets. The only place that maps a
/// verdict to an answer.
/// </summary>
public sealed record DeliveryOutcome(string Verdict, string? Reason, string Detail, int? OrderId)
{
    public NotificationAnswer Answer => Verdict switch
    {
        NotificationVerdicts.Rejected => NotificationAnswer.Reject(Reason ?? NotificationReasons.Malformed),
        NotificationVerdicts.Failed or NotificationVerdicts.Awaiting => NotificationAnswer.Retry,
        _ => NotificationAnswer.Ok,
    };

    public static DeliveryOutcome Reject(string reason, string detail, int? orderId = null) =>
        new(NotificationVerdicts.Rejected, reason, detail, orderId);

    public static DeliveryOutcome Applied(string detail, int orderId) => new(NotificationVerdicts.Applied, null, detail, orderId);

    public static DeliveryOutcome Repeat(string detail, int orderId) => new(NotificationVerdicts.Repeat, null, detail, orderId);

    /// <summary>The outcome could not be stored; Interkassa retries.</summary>
    public static DeliveryOutcome Failed(int? orderId) => new(NotificationVerdicts.Failed, null, JournalDetail.Of("StorageFailed"), orderId);

    /// <summary>The API could not confirm the payment now; Interkassa retries, reconciliation may finish it earlier.</summary>
    public static DeliveryOutcome Awaiting(string detail, int orderId) => new(NotificationVerdicts.Awaiting, null, detail, orderId);
}
