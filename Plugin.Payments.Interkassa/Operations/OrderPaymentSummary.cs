using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>The invoice that paid an order, as its applied <c>success</c> row recorded it; amounts in <see cref="Currency"/>.</summary>
/// <param name="BuyerPaid">What the buyer paid in the payment system (<c>ik_ps_price</c>, API <c>psPrice</c>); unknown when Interkassa did not say.</param>
/// <param name="Credited">What Interkassa credited to the checkout (<c>ik_co_rfn</c>, API <c>coRfn</c>); unknown when Interkassa did not say.</param>
public sealed record PaidInvoice(string InvoiceId, string? Payway, decimal? BuyerPaid, decimal? Credited, string? Currency)
{
    /// <summary>Interkassa's commission: what the buyer paid less what was credited.</summary>
    public decimal? Commission => BuyerPaid is { } paid && Credited is { } credited ? paid - credited : null;
}

/// <summary>What the admin order page shows of an Interkassa order: the paying invoice, the journal rows (newest first), the refunds.</summary>
public sealed record OrderPaymentSummary(PaidInvoice? Invoice, IReadOnlyList<NotificationRecord> History, IReadOnlyList<RefundRecord> Refunds);

/// <summary>Reads an order's Interkassa history from the plugin's tables.</summary>
public sealed class OrderPaymentSummaryQuery(InterkassaDbContext db)
{
    /// <summary>The newest rows shown on the order page; the journal link shows them all.</summary>
    public const int HistoryRows = 20;

    public async Task<OrderPaymentSummary> GetAsync(int orderId, CancellationToken cancellationToken = default)
    {
        var history = await db.Notifications.AsNoTracking().Where(n => n.OrderId == orderId)
            .OrderByDescending(n => n.Id).Take(HistoryRows).ToListAsync(cancellationToken);
        // The first applied success is the invoice that paid the order; a later one is a second payment, reported in its note.
        var applied = await db.AppliedStates.AsNoTracking()
            .Where(a => a.OrderId == orderId && a.State == "success")
            .OrderBy(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId)
            .OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
        PaidInvoice? invoice = null;
        if (applied?.Amount is not null)
        {
            invoice = new PaidInvoice(applied.InvoiceId, applied.Payway, applied.PayerPrice, applied.Credited, applied.Currency);
        }
        else
        {
            // Rows applied before schema version 6 kept the amounts only in the journal row's fields.
            var paying = await db.Notifications.AsNoTracking()
                .Where(n => n.OrderId == orderId && n.State == "success" && n.Verdict == NotificationVerdicts.Applied)
                .OrderBy(n => n.Id).FirstOrDefaultAsync(cancellationToken);
            invoice = paying is null ? null : InvoiceOf(paying);
        }

        return new OrderPaymentSummary(invoice, history, refunds);
    }

    private static PaidInvoice InvoiceOf(NotificationRecord row)
    {
        var fields = JournalFields.Decode(row.Body).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
        string? Field(string name) => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        return new PaidInvoice(row.InvoiceId ?? Field("ik_inv_id") ?? "", Field("ik_pw_via"),
            Amount(Field("ik_ps_price") ?? Field("ik_am")), Amount(Field("ik_co_rfn")), Field("ik_cur"));
    }

    private static decimal? Amount(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
}
