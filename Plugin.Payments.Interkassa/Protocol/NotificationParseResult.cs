using System.Diagnostics.CodeAnalysis;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Either an accepted notification or the precise reason it was refused; the raw fields either way.</summary>
public sealed class NotificationParseResult
{
    private NotificationParseResult(
        InterkassaNotification? notification,
        NotificationRejectionReason? reason,
        string? detail,
        IReadOnlyList<KeyValuePair<string, string>> rawFields)
    {
        Notification = notification;
        Reason = reason;
        Detail = detail;
        RawFields = rawFields;
    }

    [MemberNotNullWhen(true, nameof(Notification))]
    public bool IsAccepted => Notification is not null;

    public InterkassaNotification? Notification { get; }

    public NotificationRejectionReason? Reason { get; }

    /// <summary>Why it was refused, for the journal and logs; never contains a key or a long field value.</summary>
    public string? Detail { get; }

    /// <summary>Every field as received, for the journal.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RawFields { get; }

    public static NotificationParseResult Accepted(InterkassaNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new(notification, null, null, notification.RawFields);
    }

    public static NotificationParseResult Rejected(NotificationRejectionReason reason, string detail, IReadOnlyList<KeyValuePair<string, string>> rawFields)
    {
        ArgumentException.ThrowIfNullOrEmpty(detail);
        ArgumentNullException.ThrowIfNull(rawFields);
        return new(null, reason, detail, rawFields);
    }
}
