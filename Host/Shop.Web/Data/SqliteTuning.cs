using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shop.Web.Data;

/// <summary>
/// How the store (and every plugin context configured through <see cref="StoreDatabase"/>) talks to SQLite:
/// <list type="bullet">
/// <item>Writers wait in SQLite's own busy handler (<c>PRAGMA busy_timeout</c>, short back-off steps) instead of the
/// driver's loop, which sleeps a fixed 150 ms each time SQLite answers SQLITE_BUSY. Transactions are begun
/// <c>IMMEDIATE</c> by Microsoft.Data.Sqlite (explicit ones and SaveChanges' own), so they take the write lock up front
/// and never fail with a busy snapshot the handler cannot wait out.</item>
/// <item>A connection that met a read-only file, an I/O error or a full disk is not reused: SQLite opens a file it
/// cannot write read-only and keeps it so, and the pool would serve that connection until a restart.</item>
/// </list>
/// </summary>
public sealed class SqliteTuning : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    /// <summary>How long a writer waits for the lock before SQLite gives up (the driver's default command timeout).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private const string BusyTimeoutPragma = "PRAGMA busy_timeout = 30000;";

    private SqliteTuning()
    {
    }

    /// <summary>Adds the tuning to a SQLite context's options.</summary>
    public static void Apply(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddInterceptors(new SqliteTuning());
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = BusyTimeoutPragma;
        command.ExecuteNonQuery();
    }

    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = BusyTimeoutPragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) =>
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, connection);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, connection);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, command?.Connection);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, command?.Connection);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, transaction?.Connection);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SqliteFaults.ForgetPoolAfterStorageFault(eventData?.Exception, transaction?.Connection);
        return Task.CompletedTask;
    }
}

/// <summary>Recognizes SQLite errors that mean "the storage cannot be written" and drops the pooled connections that saw them.</summary>
public static class SqliteFaults
{
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CannotOpen = 14;

    /// <summary>True for a read-only file, an I/O error, a full disk or a file that cannot be opened (anywhere in the chain).</summary>
    public static bool IsStorageFault(Exception? exception) => exception switch
    {
        null => false,
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is ReadOnly or IoError or Full or CannotOpen,
        _ => IsStorageFault(exception.InnerException),
    };

    /// <summary>
    /// After a storage fault, every connection of that file's pool is closed instead of reused, so the next request
    /// opens a fresh one that can write again once the file is writable.
    /// </summary>
    public static void ForgetPoolAfterStorageFault(Exception? exception, DbConnection? connection)
    {
        if (connection is SqliteConnection sqlite && IsStorageFault(exception))
            SqliteConnection.ClearPool(sqlite);
    }
}
