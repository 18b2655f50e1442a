using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Plugin.Payments.Interkassa.Data;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The reads a delivery is decided on, without any lock (a repeat must not take the write lock). They run for every
/// delivery, so they are compiled once per store process (<see cref="DeliveryQueries"/>): no expression tree is walked
/// or looked up per request.
/// </summary>
/// <remarks>
/// Interkassa repeats a notification until it hears OK, and again after outages, so most deliveries name a state
/// already recorded. What such a delivery is decided on besides the order — the payment request and the invoice's
/// recorded states — only ever grows: a request is never changed, a recorded (invoice, state) is never taken back. So
/// once the state a delivery names is found recorded, that answer is kept in memory for a while and the repeat costs
/// no lookup; the order, which does change, is still read every time, and every check still runs. Only a delivery
/// whose signature verified reaches this, so forgeries cannot fill the memory.
/// </remarks>
public sealed class DeliveryLookup(InterkassaDbContext db, DeliveryQueries queries, IMemoryCache memory)
{
    /// <summary>How long a recorded delivery's lookup is kept; Interkassa's repeats come within minutes.</summary>
    public static readonly TimeSpan RecordedDeliveryLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The payment request a delivery names and what was already applied of the invoice it names, in one query (one
    /// round trip): with the order, everything a repeat or a refusal is decided on.
    /// </summary>
    /// <param name="state">The state the delivery names (ik_inv_st), or null.</param>
    public async Task<(PaymentRequestRecord? Request, AppliedInvoice Applied)> ReadDeliveryAsync(string paymentNo, string invoiceId,
        string? state, CancellationToken cancellationToken = default)
    {
        var key = (typeof(DeliveryLookup), paymentNo, invoiceId, state);
        if (memory.TryGetValue(key, out RecordedDelivery? recorded) && recorded is not null)
            return (recorded.Request, recorded.Applied);

        var rows = await queries.RequestWithApplied(db, paymentNo, invoiceId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return (null, AppliedInvoice.None);
        var applied = Applied(rows.Where(r => r.AppliedState is not null).Select(r => (r.AppliedOrderId!.Value, r.AppliedState!)).ToList());
        if (state is not null && applied.States.Contains(state))
            memory.Set(key, new RecordedDelivery(rows[0].Request, applied), RecordedDeliveryLifetime);
        return (rows[0].Request, applied);
    }

    /// <summary>What was already applied of an invoice.</summary>
    public async Task<AppliedInvoice> ReadAppliedAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        var rows = await queries.AppliedStates(db, invoiceId).ToListAsync(cancellationToken);
        return Applied([.. rows.Select(r => (r.OrderId, r.State))]);
    }

    /// <summary>An invoice's recorded states; all of them name the one order the invoice is bound to.</summary>
    private static AppliedInvoice Applied(IReadOnlyList<(int OrderId, string State)> states) =>
        new(states.Count > 0 ? states[0].OrderId : null, [.. states.Select(s => s.State)]);
}

/// <summary>A delivery's lookup once the state it names is recorded (see <see cref="DeliveryLookup"/>).</summary>
internal sealed record RecordedDelivery(PaymentRequestRecord Request, AppliedInvoice Applied);

/// <summary>
/// The compiled lookups. A compiled query is bound to the model it first ran with, and each store process (each
/// container) has its own model and provider, so they belong to a singleton of the container, not to a static field.
/// </summary>
public sealed class DeliveryQueries
{
    // A request (the payment number is unique) left-joined to the invoice's applied states: one row per state, or one with none.
    public Func<InterkassaDbContext, string, string, IAsyncEnumerable<DeliveryRow>> RequestWithApplied { get; } =
        EF.CompileAsyncQuery((InterkassaDbContext context, string paymentNo, string invoiceId) =>
            from request in context.PaymentRequests.AsNoTracking().Where(r => r.PaymentNo == paymentNo)
            from applied in context.AppliedStates.AsNoTracking().Where(a => a.InvoiceId == invoiceId).DefaultIfEmpty()
            select new DeliveryRow(request, (int?)applied!.OrderId, applied.State));

    public Func<InterkassaDbContext, string, IAsyncEnumerable<AppliedRow>> AppliedStates { get; } =
        EF.CompileAsyncQuery((InterkassaDbContext context, string invoiceId) =>
            context.AppliedStates.AsNoTracking().Where(a => a.InvoiceId == invoiceId).Select(a => new AppliedRow(a.OrderId, a.State)));

    // The order's first paid invoice other than the given one (a second paid invoice means the buyer paid twice).
    public Func<InterkassaDbContext, int, string, Task<string?>> EarlierPaidInvoice { get; } =
        EF.CompileAsyncQuery((InterkassaDbContext context, int orderId, string invoiceId) =>
            context.AppliedStates.AsNoTracking()
                .Where(a => a.OrderId == orderId && a.State == "success" && a.InvoiceId != invoiceId)
                .OrderBy(a => a.Id).Select(a => a.InvoiceId).FirstOrDefault());

    public sealed record DeliveryRow(PaymentRequestRecord Request, int? AppliedOrderId, string? AppliedState);

    public sealed record AppliedRow(int OrderId, string State);
}
