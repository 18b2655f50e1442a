using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Data;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Web.Data;

namespace Shop.Web.Services.Orders;

public sealed class OrderService(ShopDbContext db, OrderQueries queries) : IOrderService, IOrderTransactionIds
{
    public Task<Order?> GetOrderByIdAsync(int orderId) => queries.ById(db, orderId);

    public async Task<IList<OrderItem>> GetOrderItemsAsync(int orderId) =>
        await db.OrderItems.AsNoTracking().Where(i => i.OrderId == orderId).OrderBy(i => i.Id).ToListAsync();

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
        // One INSERT … RETURNING, past the change tracker: a paid notification writes two notes inside the transaction
        // that holds SQLite's write lock. The date is stored as the model stores it (UTC, see ShopDbContext.UtcConverter).
        var createdOnUtc = ShopDbContext.AsUtc(orderNote.CreatedOnUtc);
        orderNote.Id = await db.Database.ExecuteScalarAsync<int>(
            """INSERT INTO "OrderNotes" ("OrderId", "Note", "DisplayToCustomer", "CreatedOnUtc") VALUES ({0}, {1}, {2}, {3}) RETURNING "Id" """,
            [orderNote.OrderId, orderNote.Note, orderNote.DisplayToCustomer, createdOnUtc]);
    }

    public async Task SetTransactionIdAsync(int orderId, string transactionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionId);
        await db.Database.ExecuteSqlAsync(
            $"""UPDATE "Orders" SET "CaptureTransactionId" = {transactionId}, "AuthorizationTransactionId" = {transactionId} WHERE "Id" = {orderId}""");
    }

    public async Task<IList<Order>> SearchOrdersAsync(int storeId = 0, string? paymentMethodSystemName = null,
        DateTime? createdFromUtc = null, DateTime? createdToUtc = null, List<int>? osIds = null, List<int>? psIds = null,
        int pageIndex = 0, int pageSize = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
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
        var ordered = query.OrderByDescending(o => o.CreatedOnUtc).ThenByDescending(o => o.Id);
        var paged = pageIndex == 0 && pageSize == int.MaxValue
            ? ordered
            : ordered.Skip((int)Math.Min(int.MaxValue, (long)pageIndex * pageSize)).Take(pageSize);
        return await paged.ToListAsync();
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

    private IQueryable<Order> Orders() => db.Orders.AsNoTracking();
}

/// <summary>
/// The order lookup every payment notification makes, compiled once per store process: no expression tree is walked or
/// looked up per call. A compiled query is bound to the model it first ran with, so this is a singleton of the
/// container rather than a static field (tests run several stores, on both providers, in one process).
/// </summary>
public sealed class OrderQueries
{
    public Func<ShopDbContext, int, Task<Order?>> ById { get; } = EF.CompileAsyncQuery((ShopDbContext db, int orderId) =>
        db.Orders.AsNoTracking().FirstOrDefault(o => o.Id == orderId));
}
