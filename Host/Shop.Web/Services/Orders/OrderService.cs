using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

public sealed class OrderService(ShopDbContext db, TimeProvider time) : IOrderService
{
    public Task<Order?> GetOrderByIdAsync(int orderId) =>
        Orders().FirstOrDefaultAsync(o => o.Id == orderId);

    public Task<Order?> GetOrderByGuidAsync(Guid orderGuid) =>
        Orders().FirstOrDefaultAsync(o => o.OrderGuid == orderGuid);

    public Task<Order?> GetOrderByCustomOrderNumberAsync(string customOrderNumber) =>
        string.IsNullOrWhiteSpace(customOrderNumber)
            ? Task.FromResult<Order?>(null)
            : Orders().FirstOrDefaultAsync(o => o.CustomOrderNumber == customOrderNumber.Trim());

    public async Task<IReadOnlyList<OrderNote>> GetOrderNotesAsync(int orderId) =>
        await db.OrderNotes.AsNoTracking().Where(n => n.OrderId == orderId).OrderBy(n => n.CreatedOnUtc).ThenBy(n => n.Id).ToListAsync();

    public async Task<OrderNote> AddOrderNoteAsync(int orderId, string note, bool displayToCustomer)
    {
        ArgumentNullException.ThrowIfNull(note);
        var row = new OrderNote { OrderId = orderId, Note = note, DisplayToCustomer = displayToCustomer, CreatedOnUtc = time.GetUtcNow().UtcDateTime };
        db.OrderNotes.Add(row);
        await db.SaveChangesAsync();
        db.Entry(row).State = EntityState.Detached;
        return row;
    }

    public async Task SetTransactionIdAsync(int orderId, string transactionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionId);
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.CaptureTransactionId, transactionId)
            .SetProperty(o => o.AuthorizationTransactionId, transactionId));
    }

    public async Task<IReadOnlyList<Order>> GetPendingOrdersAsync(string paymentMethodSystemName, DateTime placedBeforeUtc) =>
        await Orders()
            .Where(o => o.PaymentMethodSystemName == paymentMethodSystemName && o.PaymentStatus == PaymentStatus.Pending
                        && o.OrderStatus != OrderStatus.Cancelled && o.CreatedOnUtc <= placedBeforeUtc)
            .OrderBy(o => o.Id)
            .ToListAsync();

    public async Task<IList<Order>> SearchOrdersAsync(int storeId = 0, string? paymentMethodSystemName = null, DateTime? createdFromUtc = null,
        DateTime? createdToUtc = null, List<int>? osIds = null, List<int>? psIds = null, int pageIndex = 0, int pageSize = int.MaxValue)
    {
        var query = Orders();
        if (storeId > 0)
            query = query.Where(o => o.StoreId == storeId);
        if (!string.IsNullOrEmpty(paymentMethodSystemName))
            query = query.Where(o => o.PaymentMethodSystemName == paymentMethodSystemName);
        if (createdFromUtc is { } from)
            query = query.Where(o => o.CreatedOnUtc >= from);
        if (createdToUtc is { } to)
            query = query.Where(o => o.CreatedOnUtc <= to);
        if (osIds is { Count: > 0 })
        {
            var orderStatuses = osIds.Select(id => (OrderStatus)id).ToList();
            query = query.Where(o => orderStatuses.Contains(o.OrderStatus));
        }

        if (psIds is { Count: > 0 })
        {
            var paymentStatuses = psIds.Select(id => (PaymentStatus)id).ToList();
            query = query.Where(o => paymentStatuses.Contains(o.PaymentStatus));
        }

        query = query.OrderByDescending(o => o.CreatedOnUtc).ThenByDescending(o => o.Id);
        var skip = (long)Math.Max(0, pageIndex) * Math.Max(1, pageSize);
        if (skip > 0)
            query = query.Skip((int)Math.Min(skip, int.MaxValue));
        if (pageSize < int.MaxValue)
            query = query.Take(Math.Max(1, pageSize));
        return await query.ToListAsync();
    }

    /// <summary>Orders for the admin list, newest first, optionally with one payment status.</summary>
    public async Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(PaymentStatus? paymentStatus, int page, int pageSize)
    {
        var query = db.Orders.AsNoTracking();
        if (paymentStatus is { } status)
            query = query.Where(o => o.PaymentStatus == status);
        var total = await query.CountAsync();
        var orders = await query.OrderByDescending(o => o.Id).Skip(Math.Max(0, page - 1) * pageSize).Take(pageSize).ToListAsync();
        return (orders, total);
    }

    private IQueryable<Order> Orders() => db.Orders.AsNoTracking().Include(o => o.Items);
}
