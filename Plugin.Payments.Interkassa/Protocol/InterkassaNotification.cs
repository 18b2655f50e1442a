namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>A verified notification as typed values. Order, amount and currency still need checking against the store.</summary>
public sealed class InterkassaNotification
{
    /// <summary><c>ik_co_id</c>.</summary>
    public required string CheckoutId { get; init; }

    /// <summary><c>ik_inv_id</c>, Interkassa's invoice id.</summary>
    public required string InvoiceId { get; init; }

    /// <summary><c>ik_inv_st</c>.</summary>
    public required InvoiceState State { get; init; }

    /// <summary><c>ik_pm_no</c>, the shop's payment number.</summary>
    public required string PaymentNo { get; init; }

    /// <summary><c>ik_pw_via</c>; empty when Interkassa sent none.</summary>
    public required string Payway { get; init; }

    /// <summary><c>ik_am</c>.</summary>
    public required decimal Amount { get; init; }

    /// <summary><c>ik_cur</c>, as sent.</summary>
    public required string Currency { get; init; }

    /// <summary><c>ik_co_rfn</c>: what the checkout is credited after fees.</summary>
    public decimal? CreditedAmount { get; init; }

    /// <summary><c>ik_ps_price</c>: what the buyer paid in the payment system, fees included.</summary>
    public decimal? PayerPrice { get; init; }

    /// <summary><c>ik_desc</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Paid through <see cref="InterkassaProtocol.TestPayway"/>: no money moved.</summary>
    public bool IsTestPayment { get; init; }

    /// <summary>The <c>ik_x_*</c> fields, keyed by the part after <c>ik_x_</c>.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Signed fields Interkassa is not known to send, by name. Such a delivery is not trusted on its signature alone:
    /// the Payments layer confirms it with the API or refuses it.
    /// </summary>
    public IReadOnlyList<string> UnknownFields { get; init; } = [];

    /// <summary>Every field as received, for the journal (also the fields nothing reads as a typed value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RawFields { get; init; } = [];
}
