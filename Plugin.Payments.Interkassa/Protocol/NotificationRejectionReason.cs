namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Why the protocol layer refused a notification, in the order the checks run.</summary>
public enum NotificationRejectionReason
{
    Malformed,
    Signature,
    Checkout,
    TestPayment,
}

/// <summary>The reasons as the notification endpoint answers them (<c>ERR &lt;reason&gt;</c>).</summary>
public static class NotificationRejectionReasons
{
    public static string ToWire(NotificationRejectionReason r) => r switch
    {
        NotificationRejectionReason.Malformed => "malformed",
        NotificationRejectionReason.Signature => "signature",
        NotificationRejectionReason.Checkout => "checkout",
        NotificationRejectionReason.TestPayment => "test-payment",
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, "Not a rejection reason."),
    };
}
