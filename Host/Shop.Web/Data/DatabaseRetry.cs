using Microsoft.Data.Sqlite;

namespace Shop.Web.Data;

/// <summary>
/// Retries a short database operation that SQLite refused because another writer held the lock
/// (SQLITE_BUSY / SQLITE_LOCKED after the driver's own busy timeout). Bounded; other errors pass through.
/// </summary>
public static class DatabaseRetry
{
    private const int MaxAttempts = 8;

    public static async Task<T> OnBusyAsync<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsBusy(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25 * attempt));
            }
        }
    }

    private static bool IsBusy(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };
}
