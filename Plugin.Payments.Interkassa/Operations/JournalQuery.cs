using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>The journal page's filters; dates are UTC days, <see cref="ToUtc"/> included.</summary>
/// <param name="Order">An order number or id; neither found, it is matched against <c>ik_pm_no</c>.</param>
/// <param name="BeforeId">Keyset paging: rows with a smaller id than this (older).</param>
public sealed record JournalFilter(string? Order, string? Verdict, DateTime? FromUtc, DateTime? ToUtc, long? BeforeId);

/// <param name="NextBeforeId">The <see cref="JournalFilter.BeforeId"/> of the next (older) page, or null on the last page.</param>
/// <param name="OrderId">The order the filter resolved to, if any.</param>
public sealed record JournalPage(IReadOnlyList<NotificationRecord> Rows, long? NextBeforeId, int? OrderId);

/// <summary>
/// Reads the notification journal newest first, a page at a time. Keyset paging on the id (which grows with the
/// time received) keeps every page as cheap as the first at any size: the filters each use an index
/// (order id and payment number; verdict with id; time received) and no page counts or skips rows.
/// </summary>
public sealed class JournalQuery(InterkassaDbContext db, IOrderService orderService)
{
    public const int PageSize = 50;

    public async Task<JournalPage> GetPageAsync(JournalFilter filter, CancellationToken cancellationToken)
    {
        IQueryable<NotificationRecord> query = db.Notifications.AsNoTracking();
        int? orderId = null;
        var orderText = filter.Order?.Trim();
        if (!string.IsNullOrEmpty(orderText))
        {
            var order = await orderService.GetOrderByCustomOrderNumberAsync(orderText)
                        ?? (int.TryParse(orderText, out var id) && id > 0 ? await orderService.GetOrderByIdAsync(id) : null);
            orderId = order?.Id;
            if (order is not null)
            {
                // Deliveries refused before the order was looked up (signature, address, malformed) carry no order id, yet
                // they are what a merchant looks for when an order is not paid: match the order's payment numbers too.
                var paymentNos = await db.PaymentRequests.AsNoTracking().Where(r => r.OrderId == order.Id)
                    .Select(r => r.PaymentNo).ToListAsync(cancellationToken);
                query = query.Where(n => n.OrderId == order.Id || (n.PaymentNo != null && paymentNos.Contains(n.PaymentNo)));
            }
            else
            {
                query = query.Where(n => n.PaymentNo == orderText);
            }
        }

        if (!string.IsNullOrEmpty(filter.Verdict))
            query = query.Where(n => n.Verdict == filter.Verdict);
        if (filter.FromUtc is { } from)
            query = query.Where(n => n.ReceivedOnUtc >= from.Date);
        if (filter.ToUtc is { } to)
        {
            var end = to.Date.AddDays(1);
            query = query.Where(n => n.ReceivedOnUtc < end);
        }

        if (filter.BeforeId is { } before)
            query = query.Where(n => n.Id < before);

        var rows = await query.OrderByDescending(n => n.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var next = rows.Count > PageSize ? rows[PageSize - 1].Id : (long?)null;
        if (rows.Count > PageSize)
            rows.RemoveAt(PageSize);
        return new JournalPage(rows, next, orderId);
    }

    /// <summary>The verdicts to filter by, in the order the page lists them.</summary>
    public static IReadOnlyList<string> Verdicts { get; } =
    [
        NotificationVerdicts.Applied, NotificationVerdicts.Repeat, NotificationVerdicts.Rejected,
        NotificationVerdicts.Failed, NotificationVerdicts.Received,
    ];
}
