namespace Plugin.Payments.Interkassa.Data;

/// <summary>
/// What the plugin asked Interkassa to collect when it sent the buyer to pay: a notification is
/// checked against this row, never against the order's current totals.
/// </summary>
public class PaymentRequestRecord
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int StoreId { get; set; }

    /// <summary>ik_pm_no; unique. The order number for the first attempt, "number-N" for later ones.</summary>
    public string PaymentNo { get; set; } = "";

    /// <summary>ik_am, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; set; }

    /// <summary>ik_cur, upper-case ISO code.</summary>
    public string Currency { get; set; } = "";

    /// <summary>ik_desc as signed; a notification must echo it unchanged. Null for requests made before it was kept.</summary>
    public string? Description { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
