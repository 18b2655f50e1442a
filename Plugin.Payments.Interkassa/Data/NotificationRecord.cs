namespace Plugin.Payments.Interkassa.Data;

/// <summary>One delivery of a notification, journaled before anything else is done with it.</summary>
public class NotificationRecord
{
    public long Id { get; set; }

    public DateTime ReceivedOnUtc { get; set; }

    /// <summary>Where the row comes from: see <see cref="JournalSources"/>.</summary>
    public string Source { get; set; } = JournalSources.Notification;

    /// <summary>Client address as resolved by the store's forwarded-headers configuration.</summary>
    public string? SourceAddress { get; set; }

    /// <summary>The delivery's fields, form-encoded as received (query string for GET deliveries).</summary>
    public string Body { get; set; } = "";

    public string? PaymentNo { get; set; }

    public string? InvoiceId { get; set; }

    public string? State { get; set; }

    /// <summary>See <see cref="NotificationVerdicts"/>.</summary>
    public string Verdict { get; set; } = NotificationVerdicts.Received;

    /// <summary>Wire reason for a rejection ("signature", "amount", ...), or null.</summary>
    public string? Reason { get; set; }

    /// <summary>What happened, in words for the merchant; never contains a key.</summary>
    public string? Detail { get; set; }

    public int? OrderId { get; set; }
}

/// <summary>The verdicts a journaled delivery can end with.</summary>
public static class NotificationVerdicts
{
    /// <summary>Stored, not yet decided (a crash in between leaves this trace).</summary>
    public const string Received = "received";

    /// <summary>Verified and applied (or verified with nothing to change).</summary>
    public const string Applied = "applied";

    /// <summary>Verified, but this state had already been applied.</summary>
    public const string Repeat = "repeat";

    public const string Rejected = "rejected";

    /// <summary>Verified, but storing the outcome failed; Interkassa was asked to retry.</summary>
    public const string Failed = "failed";

    /// <summary>Verified, but the API could not confirm the payment yet; Interkassa was asked to retry.</summary>
    public const string Awaiting = "awaiting";
}

/// <summary>What a journal row records.</summary>
public static class JournalSources
{
    /// <summary>A delivery to the notification URL.</summary>
    public const string Notification = "notification";

    /// <summary>An invoice state read by the reconciliation task from the API.</summary>
    public const string Reconciliation = "reconciliation";

    /// <summary>The API's answer when a paid notification was confirmed with it.</summary>
    public const string ApiConfirmation = "api-confirmation";

    /// <summary>An order cancelled by the auto-cancel rule (unpaid too long after its last payment attempt).</summary>
    public const string AutoCancel = "auto-cancel";
}
