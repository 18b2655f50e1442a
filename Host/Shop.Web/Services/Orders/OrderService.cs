using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

public sealed class OrderService(ShopDbContext db) : IOrderService
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

    public async Task InsertOrderNoteAsync(OrderNote orderNote)
    {
        ArgumentNullException.ThrowIfNull(orderNote);
        ArgumentNullException.ThrowIfNull(orderNote.Note);
        db.OrderNotes.Add(orderNote);
        await db.SaveChangesAsync();
        db.Entry(orderNote).State = EntityState.Detached;
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
