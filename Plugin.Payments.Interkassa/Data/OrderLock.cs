using Microsoft.EntityFrameworkCore;

namespace Plugin.Payments.Interkassa.Data;

/// <summary>The plugin's per-order lock, taken inside a store transaction by every path that changes an order's payment.</summary>
public static class OrderLock
{
    /// <summary>
    /// Serialises writers for one order: on PostgreSQL the order's request rows stay locked until commit (a second writer
    /// waits and then sees the first's rows); SQLite's write transaction already excludes every other writer.
    /// </summary>
    public static Task LockOrderAsync(this InterkassaDbContext db, int orderId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            $$"""UPDATE "{{InterkassaDbContext.PaymentRequestTable}}" SET "OrderId" = "OrderId" WHERE "OrderId" = {0}""",
            [orderId], cancellationToken);
}
