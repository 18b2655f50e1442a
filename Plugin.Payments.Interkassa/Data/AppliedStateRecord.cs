namespace Plugin.Payments.Interkassa.Data;

/// <summary>
/// An invoice state the plugin has acted on. The unique (invoice, state) key lets the database,
/// not a lock, decide which of many concurrent deliveries acts.
/// </summary>
public class AppliedStateRecord
{
    public long Id { get; set; }

    public string InvoiceId { get; set; } = "";

    public string State { get; set; } = "";

    public int OrderId { get; set; }

    public DateTime AppliedOnUtc { get; set; }
}
