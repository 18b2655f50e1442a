using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Data;

/// <summary>The hand-written journal INSERT reads back through EF exactly as SaveChanges would have stored it, on both databases.</summary>
[Category(TestCategories.Database)]
public sealed class JournalInsertTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task A_row_inserted_by_hand_reads_back_field_for_field(bool onPostgres)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ik-journal-{Guid.NewGuid():N}.db");
        var connectionString = onPostgres ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : $"Data Source={file};Pooling=false";
        var options = new DbContextOptionsBuilder<InterkassaDbContext>();
        _ = onPostgres ? options.UseNpgsql(connectionString) : options.UseSqlite(connectionString);
        try
        {
            await using var db = new InterkassaDbContext(options.Options);
            await db.Database.EnsureCreatedAsync();
            var full = new NotificationRecord
            {
                ReceivedOnUtc = new DateTime(2026, 12, 2, 5, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560),
                Source = JournalSources.Reconciliation,
                SourceAddress = "203.0.113.7",
                // A body is whatever the sender posted: quotes and SQL in it are data, sent as a parameter.
                Body = "ik_pm_no=42&ik_desc=Заказ №42'); DELETE FROM \"Interkassa_Notification\"; --",
                PaymentNo = "42",
                InvoiceId = "4200000001",
                State = "success",
                Verdict = NotificationVerdicts.Applied,
                Reason = null,
                Detail = "MarkedPaid",
                OrderId = 42,
            };
            var bare = new NotificationRecord { ReceivedOnUtc = full.ReceivedOnUtc, Body = "", Verdict = NotificationVerdicts.Rejected };

            await db.InsertJournalRowAsync(full, CancellationToken.None);
            await db.InsertJournalRowAsync(bare, CancellationToken.None);
            var stored = await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();

            Assert.Multiple(() =>
            {
                Assert.That(stored.Select(n => n.Id), Is.EqualTo(new[] { full.Id, bare.Id }), "each row gets its id back");
                Assert.That(Fields(stored[0]), Is.EqualTo(Fields(full)));
                Assert.That(Fields(stored[1]), Is.EqualTo(Fields(bare)));
                Assert.That(stored[0].ReceivedOnUtc, Is.EqualTo(full.ReceivedOnUtc), "to the microsecond (PostgreSQL keeps no finer)");
                Assert.That(async () => await db.InsertJournalRowAsync(full, CancellationToken.None), Throws.InvalidOperationException, "a stored row is not inserted twice");
            });
        }
        finally
        {
            if (onPostgres)
                await (await PostgresServer.SharedAsync()).DropDatabaseAsync(connectionString);
            else
                File.Delete(file);
        }
    }

    private static object?[] Fields(NotificationRecord n) =>
        [n.Source, n.SourceAddress, n.Body, n.PaymentNo, n.InvoiceId, n.State, n.Verdict, n.Reason, n.Detail, n.OrderId];
}
