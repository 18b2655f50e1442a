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

    // What Interkassa reported for the invoice when the state was applied (schema version 6; null on older rows and
    // where Interkassa sent nothing). The commission is not stored: it is always PayerPrice − Credited.

    /// <summary>The order's store, for the journal page's summary by store.</summary>
    public int StoreId { get; set; }

    /// <summary><c>ik_pw_via</c> (API <c>pw</c>).</summary>
    public string? Payway { get; set; }

    /// <summary><c>ik_cur</c>, as Interkassa sent it.</summary>
    public string? Currency { get; set; }

    /// <summary><c>ik_am</c>: the invoice's amount.</summary>
    public decimal? Amount { get; set; }

    /// <summary><c>ik_ps_price</c> (API <c>psPrice</c>): what the buyer paid in the payment system, fees included.</summary>
    public decimal? PayerPrice { get; set; }

    /// <summary><c>ik_co_rfn</c> (API <c>coRfn</c>): what was credited to the checkout after fees.</summary>
    public decimal? Credited { get; set; }
}
