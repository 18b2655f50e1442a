using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// Totals of one group of the summary, in one currency. Buyer paid, credited and commission add up the invoices for
/// which Interkassa reported them (<see cref="Known"/> of <see cref="Count"/>); the commission only where both were reported.
/// </summary>
/// <param name="Key">The invoice state (<c>success</c>, <c>canceled</c>…, or <see cref="PaymentSummary.RefundedKey"/>) or the payway alias.</param>
/// <param name="Amount">The invoices' <c>ik_am</c>; for refunds, the amount refunded.</param>
public sealed record SummaryTotals(string Key, string Currency, int Count, decimal Amount, int Known, decimal BuyerPaid, decimal Credited, decimal Commission);

/// <summary>Paid invoices applied on one UTC day.</summary>
public sealed record SummaryDay(DateOnly Day, int Paid);

/// <summary>The journal page's summary of a period: by state, paid invoices by payway, paid invoices per day.</summary>
/// <param name="From">First day (UTC), included.</param>
/// <param name="To">Last day (UTC), included.</param>
public sealed record PaymentSummary(DateOnly From, DateOnly To, IReadOnlyList<SummaryTotals> ByState, IReadOnlyList<SummaryTotals> ByPayway,
    IReadOnlyList<SummaryDay> Days)
{
    /// <summary>The <see cref="SummaryTotals.Key"/> of refunds completed in the period (they come from the refunds table).</summary>
    public const string RefundedKey = "refunded";

    /// <summary>Nothing was applied or refunded in the period.</summary>
    public bool IsEmpty => ByState.Count == 0;

    /// <summary>The busiest day's paid count, at least 1 (the chart's scale).</summary>
    public int MaxPerDay => Math.Max(1, Days.Count == 0 ? 0 : Days.Max(d => d.Paid));
}

/// <summary>
/// Sums what the plugin recorded of each applied invoice state (<see cref="AppliedStateRecord"/>: amount, buyer paid,
/// credited, payway) for a period of UTC days, by the time it was applied, and the refunds completed in it. Reads only
/// the applied-states table (by its <c>AppliedOnUtc</c> index) and the refunds table, never the journal, so its cost
/// grows with the payments of the period, not with the journal's size. The period is at most <see cref="MaxDays"/> days.
/// </summary>
public sealed class PaymentSummaryQuery(InterkassaDbContext db)
{
    public const int DefaultDays = 30;

    public const int MaxDays = 366;

    /// <summary>The order the state table lists states in; others (none expected) follow by name.</summary>
    private static readonly string[] StateOrder = ["success", PaymentSummary.RefundedKey, "canceled", "fail", "process", "waitAccept", "new"];

    /// <summary>The period the page asked for: both days given, or the last <see cref="DefaultDays"/> days to <paramref name="today"/>; never longer than <see cref="MaxDays"/>.</summary>
    public static (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? (from is { } start && start > today ? start : today);
        var begin = from ?? end.AddDays(-(DefaultDays - 1));
        if (begin > end)
            (begin, end) = (end, begin);
        if (end.DayNumber - begin.DayNumber + 1 > MaxDays)
            begin = end.AddDays(-(MaxDays - 1));
        return (begin, end);
    }

    /// <param name="storeId">Only invoices of this store's orders; null for all stores.</param>
    public async Task<PaymentSummary> GetAsync(DateOnly from, DateOnly to, int? storeId, CancellationToken cancellationToken)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var applied = db.AppliedStates.AsNoTracking().Where(a => a.AppliedOnUtc >= start && a.AppliedOnUtc < end);
        var refunded = db.Refunds.AsNoTracking()
            .Where(r => r.Status == RefundStatuses.Succeeded && r.CompletedOnUtc >= start && r.CompletedOnUtc < end);
        if (storeId is { } store)
        {
            applied = applied.Where(a => a.StoreId == store);
            refunded = refunded.Where(r => r.StoreId == store);
        }

        var rows = await applied
            .Select(a => new Row(a.AppliedOnUtc, a.State, a.Payway, a.Currency, a.Amount, a.PayerPrice, a.Credited))
            .ToListAsync(cancellationToken);
        var refunds = await refunded.Select(r => new { r.Amount, r.Currency }).ToListAsync(cancellationToken);

        var byState = rows.GroupBy(r => (r.State, Currency(r.Currency)))
            .Select(g => Totals(g.Key.State, g.Key.Item2, g.ToList(), withPayerAmounts: g.Key.State == "success"))
            .Concat(refunds.GroupBy(r => Currency(r.Currency))
                .Select(g => new SummaryTotals(PaymentSummary.RefundedKey, g.Key, g.Count(), g.Sum(r => r.Amount), 0, 0m, 0m, 0m)))
            .OrderBy(t => StateRank(t.Key)).ThenBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Currency, StringComparer.Ordinal)
            .ToList();
        var paid = rows.Where(r => r.State == "success").ToList();
        var byPayway = paid.GroupBy(r => (Payway: r.Payway ?? "", Currency(r.Currency)))
            .Select(g => Totals(g.Key.Payway, g.Key.Item2, g.ToList(), withPayerAmounts: true))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Currency, StringComparer.Ordinal)
            .ToList();
        var perDay = paid.GroupBy(r => DateOnly.FromDateTime(r.AppliedOnUtc)).ToDictionary(g => g.Key, g => g.Count());
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
            .Select(i => from.AddDays(i))
            .Select(day => new SummaryDay(day, perDay.GetValueOrDefault(day)))
            .ToList();
        return new PaymentSummary(from, to, byState, byPayway, days);
    }

    private static SummaryTotals Totals(string key, string currency, List<Row> rows, bool withPayerAmounts)
    {
        var known = withPayerAmounts ? rows.Where(r => r.PayerPrice is not null && r.Credited is not null).ToList() : [];
        return new SummaryTotals(key, currency, rows.Count, rows.Sum(r => r.Amount ?? 0m), known.Count,
            known.Sum(r => r.PayerPrice!.Value), known.Sum(r => r.Credited!.Value), known.Sum(r => r.PayerPrice!.Value - r.Credited!.Value));
    }

    private static string Currency(string? currency) => string.IsNullOrEmpty(currency) ? "" : currency.ToUpperInvariant();

    private static int StateRank(string state)
    {
        var index = Array.IndexOf(StateOrder, state);
        return index < 0 ? StateOrder.Length : index;
    }

    private sealed record Row(DateTime AppliedOnUtc, string State, string? Payway, string? Currency, decimal? Amount, decimal? PayerPrice, decimal? Credited);
}
