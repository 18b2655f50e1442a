using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Data;

/// <summary>
/// A journal row written as one INSERT … RETURNING, past the change tracker. A paid delivery writes its row last in the
/// transaction that holds SQLite's write lock; EF's SaveChanges there cost as much as the statement itself. Batches of
/// rows still go through SaveChanges (<see cref="Payments.JournalWriter"/>), which sends them as one batch.
/// </summary>
public static class JournalInsert
{
    /// <summary>Inserts <paramref name="row"/> (its <see cref="NotificationRecord.Id"/> must be 0) and sets its id.</summary>
    public static async Task InsertJournalRowAsync(this InterkassaDbContext db, NotificationRecord row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Id != 0)
            throw new InvalidOperationException("The journal row is already stored.");
        row.Id = await db.Database.ExecuteScalarAsync<long>(
            $$"""INSERT INTO "{{InterkassaDbContext.NotificationTable}}" ("ReceivedOnUtc", "Source", "SourceAddress", "Body", "PaymentNo", "InvoiceId", "State", "Verdict", "Reason", "Detail", "OrderId") VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}) RETURNING "Id" """,
            [row.ReceivedOnUtc, row.Source, row.SourceAddress, row.Body, row.PaymentNo, row.InvoiceId, row.State, row.Verdict,
                row.Reason, row.Detail, row.OrderId],
            cancellationToken);
    }
}
