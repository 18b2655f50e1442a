using System.Diagnostics.CodeAnalysis;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Either an accepted notification or the precise reason it was refused; the raw fields either way.</summary>
public sealed class NotificationParseResult
{
    private NotificationParseResult(
        InterkassaNotification? notification,
        NotificationRejectionReason? reason,
        string? detail,
        IReadOnlyList<KeyValuePair<string, string>> rawFields,
        string? detailCode = null,
        IReadOnlyList<string>? detailArguments = null)
    {
        Notification = notification;
        Reason = reason;
        Detail = detail;
        RawFields = rawFields;
        DetailCode = detailCode;
        DetailArguments = detailArguments ?? [];
    }

    [MemberNotNullWhen(true, nameof(Notification))]
    public bool IsAccepted => Notification is not null;

    public InterkassaNotification? Notification { get; }

    public NotificationRejectionReason? Reason { get; }

    /// <summary>Why it was refused, in English for logs; never contains a key or a long field value.</summary>
    public string? Detail { get; }

    /// <summary>The same as a code (one of <see cref="NotificationRejectionDetails"/>), so that the admin reads it in their language.</summary>
    public string? DetailCode { get; }

    /// <summary>The values the code's text names, in order (field names, quoted excerpts, limits).</summary>
    public IReadOnlyList<string> DetailArguments { get; }

    /// <summary>Every field as received, for the journal.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RawFields { get; }

    public static NotificationParseResult Accepted(InterkassaNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new(notification, null, null, notification.RawFields);
    }

    public static NotificationParseResult Rejected(NotificationRejectionReason reason, string detail, IReadOnlyList<KeyValuePair<string, string>> rawFields,
        string detailCode, params string[] detailArguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(detail);
        ArgumentNullException.ThrowIfNull(rawFields);
        ArgumentException.ThrowIfNullOrEmpty(detailCode);
        return new(null, reason, detail, rawFields, detailCode, detailArguments);
    }
}
