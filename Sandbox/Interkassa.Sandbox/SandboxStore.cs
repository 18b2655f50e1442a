namespace Interkassa.Sandbox;

/// <summary>Everything an invoice has gone through, copied out of the store.</summary>
public sealed record InvoiceSnapshot(
    SandboxInvoice Invoice,
    IReadOnlyList<DeliveryAttempt> Deliveries,
    IReadOnlyList<SandboxRefund> Refunds,
    IReadOnlyDictionary<string, string>? LastNotification,
    int Rounds,
    string DeliveryState);

public sealed record RefundOutcome(SandboxRefund? Refund, SandboxInvoice? Invoice, int ErrorCode, string? Error);

/// <summary>
/// The sandbox's own state (payments, invoices, deliveries, refunds), in memory. One lock guards it
/// all: traffic is tiny, and a single lock makes every multi-step change (refunds, the first choice
/// on a payment) atomic without further thought.
/// </summary>
public sealed class SandboxStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxPayment> _payments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InvoiceEntry> _invoices = new(StringComparer.Ordinal);
    private long _lastInvoiceId;
    private long _lastRefundId;

    public void AddPayment(SandboxPayment payment)
    {
        lock (_gate)
        {
            _payments.Add(payment.Id, payment);
        }
    }

    public SandboxPayment? FindPayment(string id)
    {
        lock (_gate)
        {
            return _payments.GetValueOrDefault(id);
        }
    }

    /// <summary>True when the checkout already has a paid invoice for this payment number.</summary>
    public bool IsPaymentNoPaid(string checkoutId, string paymentNo)
    {
        lock (_gate)
        {
            return _invoices.Values.Any(e =>
                e.Invoice.State == IkStates.Success
                && string.Equals(e.Invoice.CheckoutId, checkoutId, StringComparison.Ordinal)
                && string.Equals(e.Invoice.PaymentNo, paymentNo, StringComparison.Ordinal));
        }
    }

    /// <summary>Turns a payment into an invoice once; a second choice on the same payment gets null.</summary>
    public SandboxInvoice? CreateInvoice(string paymentId, Func<SandboxPayment, string, SandboxInvoice> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_gate)
        {
            if (!_payments.TryGetValue(paymentId, out var payment) || payment.InvoiceId is not null)
            {
                return null;
            }

            var invoice = build(payment, NextId(ref _lastInvoiceId).ToString(System.Globalization.CultureInfo.InvariantCulture));
            _invoices.Add(invoice.Id, new InvoiceEntry(invoice));
            _payments[paymentId] = payment with { InvoiceId = invoice.Id };
            return invoice;
        }
    }

    public InvoiceSnapshot? FindInvoice(string id)
    {
        lock (_gate)
        {
            return _invoices.TryGetValue(id, out var entry) ? entry.Snapshot() : null;
        }
    }

    public IReadOnlyList<InvoiceSnapshot> ListInvoices(Func<SandboxInvoice, bool>? filter = null)
    {
        lock (_gate)
        {
            return _invoices.Values
                .Where(e => filter is null || filter(e.Invoice))
                .OrderBy(e => e.Invoice.Created)
                .ThenBy(e => e.Invoice.Id, StringComparer.Ordinal)
                .Select(e => e.Snapshot())
                .ToList();
        }
    }

    /// <summary>Records a notification about to be delivered and returns its round number.</summary>
    public int BeginRound(string invoiceId, IReadOnlyDictionary<string, string> fields)
    {
        lock (_gate)
        {
            var entry = _invoices[invoiceId];
            entry.Rounds++;
            entry.LastNotification = fields;
            entry.DeliveryState = DeliveryStates.Delivering;
            return entry.Rounds;
        }
    }

    public void AddAttempt(string invoiceId, DeliveryAttempt attempt)
    {
        lock (_gate)
        {
            _invoices[invoiceId].Deliveries.Add(attempt);
        }
    }

    /// <summary>Ends a round; an older round finishing late does not overwrite a newer one's state.</summary>
    public void EndRound(string invoiceId, int round, bool delivered)
    {
        lock (_gate)
        {
            var entry = _invoices[invoiceId];
            if (entry.Rounds == round)
            {
                entry.DeliveryState = delivered ? DeliveryStates.Delivered : DeliveryStates.GaveUp;
            }
        }
    }

    public RefundOutcome Refund(string invoiceId, decimal amount, string? description)
    {
        lock (_gate)
        {
            if (!_invoices.TryGetValue(invoiceId, out var entry))
            {
                return new RefundOutcome(null, null, 404, "Invoice not found");
            }

            var invoice = entry.Invoice;
            if (invoice.ApiState != IkApiStates.Paid)
            {
                return new RefundOutcome(null, invoice, 409, $"Invoice is not paid (state {invoice.ApiState}); only paid invoices can be refunded");
            }

            if (amount <= 0)
            {
                return new RefundOutcome(null, invoice, 400, "Refund amount must be greater than zero");
            }

            if (amount > invoice.Remaining)
            {
                return new RefundOutcome(null, invoice, 422, $"Refund amount {IkFormat.Money(amount)} exceeds the refundable remainder {IkFormat.Money(invoice.Remaining)}");
            }

            var refunded = invoice.Refunded + amount;
            invoice = invoice with
            {
                Refunded = refunded,
                ApiState = refunded == invoice.Amount ? IkApiStates.Refunded : IkApiStates.Paid,
            };
            entry.Invoice = invoice;
            var refund = new SandboxRefund(
                NextId(ref _lastRefundId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                invoice.Id,
                amount,
                description,
                time.GetUtcNow());
            entry.Refunds.Add(refund);
            return new RefundOutcome(refund, invoice, 0, null);
        }
    }

    /// <summary>
    /// Numeric ids that stay unique across restarts (a store keeps its database while the sandbox
    /// forgets everything): milliseconds since the Unix epoch, bumped when two land in the same one.
    /// Caller holds the lock.
    /// </summary>
    private long NextId(ref long last)
    {
        var candidate = time.GetUtcNow().ToUnixTimeMilliseconds();
        last = Math.Max(last + 1, candidate);
        return last;
    }

    private sealed class InvoiceEntry(SandboxInvoice invoice)
    {
        public SandboxInvoice Invoice { get; set; } = invoice;

        public List<DeliveryAttempt> Deliveries { get; } = [];

        public List<SandboxRefund> Refunds { get; } = [];

        public IReadOnlyDictionary<string, string>? LastNotification { get; set; }

        public int Rounds { get; set; }

        public string DeliveryState { get; set; } = DeliveryStates.None;

        public InvoiceSnapshot Snapshot() =>
            new(Invoice, [.. Deliveries], [.. Refunds], LastNotification, Rounds, DeliveryState);
    }
}
