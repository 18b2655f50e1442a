using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

// Concurrent writers on one WAL SQLite file, each committing small transactions (BEGIN IMMEDIATE; INSERT; COMMIT).
// Modes: "driver" = Microsoft.Data.Sqlite's own retry (a fixed 150 ms sleep on every SQLITE_BUSY, what the store once relied on);
// "busy" = PRAGMA busy_timeout (SQLite waits in its own handler); "gate" = busy_timeout plus an async in-process gate.
// Usage: dotnet run -c Release --project bench/SqliteWrites -- [writers=16] [seconds=10]
var writers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
foreach (var mode in new[] { "driver", "busy", "gate" })
    await RunAsync(mode, writers, TimeSpan.FromSeconds(seconds));

static async Task RunAsync(string mode, int writers, TimeSpan duration)
{
    var path = Path.Combine(Path.GetTempPath(), $"sqlite-writes-{mode}-{Guid.NewGuid():N}.db");
    var connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();
    await using (var setup = new SqliteConnection(connectionString))
    {
        await setup.OpenAsync();
        await Execute(setup, "PRAGMA journal_mode=WAL; CREATE TABLE Journal (Id INTEGER PRIMARY KEY, Body TEXT NOT NULL, At TEXT NOT NULL);");
    }

    using var gate = new SemaphoreSlim(1, 1);
    var latencies = new List<double>[writers];
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = [];
        while (stop.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            if (mode == "gate")
                await gate.WaitAsync();
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                if (mode != "driver")
                    await Execute(connection, "PRAGMA busy_timeout = 30000;");
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO Journal (Body, At) VALUES ($body, $at)";
                insert.Parameters.AddWithValue("$body", new string('x', 400));
                insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O"));
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            finally
            {
                if (mode == "gate")
                    gate.Release();
            }
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }))).ConfigureAwait(false);

    var all = latencies.SelectMany(l => l).Order().ToArray();
    double At(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode,-7} writers={writers} commits/s={all.Length / stop.Elapsed.TotalSeconds,8:F0}  p50={At(0.50),7:F1} ms  p99={At(0.99),7:F1} ms  max={all[^1],7:F1} ms"));
    SqliteConnection.ClearAllPools();
    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        File.Delete(file);
}

static async Task Execute(SqliteConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}
