namespace Plugin.Payments.Interkassa.Data;

/// <summary>
/// One refund asked of Interkassa. The row is written before the API is called, under a unique
/// idempotency key, so a double click or a retry after a timeout finds it instead of refunding again.
/// </summary>
public class RefundRecord
{
    /// <summary>The key prefix of refunds made in Interkassa's cabinet (no API call of the store's; <see cref="ApiRefundId"/> stays null).</summary>
    public const string CabinetKeyPrefix = "cabinet:";

    /// <summary>Whether the merchant made this refund in Interkassa's cabinet rather than from the store.</summary>
    public bool IsCabinet => IdempotencyKey.StartsWith(CabinetKeyPrefix, StringComparison.Ordinal);

    public long Id { get; set; }

    /// <summary>
    /// Unique. A refund asked from the store: "order id:cumulative refunded amount after this refund" (primary currency).
    /// A refund made in Interkassa's cabinet and found by reconciliation: <see cref="CabinetKeyPrefix"/> + "invoice id:the
    /// invoice's refunded total" (payment currency), written already succeeded.
    /// </summary>
    public string IdempotencyKey { get; set; } = "";

    public int OrderId { get; set; }

    public int StoreId { get; set; }

    /// <summary>The paid Interkassa invoice the money goes back from.</summary>
    public string InvoiceId { get; set; } = "";

    /// <summary>The amount the store asked to refund, primary currency.</summary>
    public decimal AmountPrimary { get; set; }

    /// <summary>The amount sent to Interkassa, in <see cref="Currency"/> (the payment's currency).</summary>
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>What the invoice showed as refunded just before the call; tells a lost answer from a refund that never happened.</summary>
    public decimal InvoiceRefundedBefore { get; set; }

    /// <summary>See <see cref="RefundStatuses"/>.</summary>
    public string Status { get; set; } = RefundStatuses.Pending;

    /// <summary>Interkassa's refund id once it answered.</summary>
    public string? ApiRefundId { get; set; }

    /// <summary>The last error, in words for the merchant; never contains a key.</summary>
    public string? Error { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    /// <summary>When the last call to Interkassa started; a pending row younger than the API timeout may still be in flight.</summary>
    public DateTime AttemptedOnUtc { get; set; }

    public DateTime? CompletedOnUtc { get; set; }
}

/// <summary>The states of a <see cref="RefundRecord"/>.</summary>
public static class RefundStatuses
{
    /// <summary>Stored and sent (or about to be); the outcome is not known yet.</summary>
    public const string Pending = "pending";

    /// <summary>Interkassa accepted the refund.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Interkassa refused it; no money moved, the same refund may be asked again.</summary>
    public const string Failed = "failed";
}
