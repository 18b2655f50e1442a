using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Interkassa.LoadBench;

/// <summary>One pair of interleaved rounds: the bare endpoint, then the store, under the same load.</summary>
internal sealed record RoundPair(Database Database, Scenario Scenario, int Round, RoundResult Bare, RoundResult Store)
{
    public double Ratio => Store.RequestsPerSecond / Bare.RequestsPerSecond;
}

/// <summary>
/// For each database: starts the bare endpoint and the store side by side, checks that the store answers the three
/// scenarios as the protocol says, then runs each scenario's rounds (bare, store, bare, store…) and prints them.
/// </summary>
internal sealed class LoadBench(LoadOptions options, TextWriter output)
{
    // First-time paid consumes one order per request; before anything is measured, assume this rate to size the pool.
    private const double FirstGuessRequestsPerSecond = 100;

    public async Task<List<RoundPair>> RunAsync()
    {
        var pairs = new List<RoundPair>();
        foreach (var database in options.Databases)
            pairs.AddRange(await RunDatabaseAsync(database));
        return pairs;
    }

    private async Task<List<RoundPair>> RunDatabaseAsync(Database database)
    {
        var work = Directory.CreateTempSubdirectory("ik-loadbench-").FullName;
        PostgresCluster? cluster = null;
        try
        {
            cluster = database == Database.Postgres ? await PostgresCluster.StartAsync(options.PostgresDurable) : null;
            var bareConnection = cluster is null ? $"Data Source={Path.Combine(work, "bare.db")}" : await cluster.CreateDatabaseAsync("bare");
            var storeConnection = cluster is null ? $"Data Source={Path.Combine(work, "shop.db")}" : await cluster.CreateDatabaseAsync("shop");
            await using var bare = await BareWriteEndpoint.StartAsync(database, bareConnection);
            await using var store = new StoreUnderTest(storeConnection, work);
            var started = Stopwatch.GetTimestamp();
            var notify = store.NotifyAddress;
            var notifications = new InterkassaNotifications(await store.SetUpInterkassaAsync());
            output.WriteLine($"{Name(database)}: store started and Interkassa configured in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

            var fixtures = await store.CreateOrdersAsync(2);
            var repeat = notifications.Valid(fixtures[0]);
            var forged = notifications.Forged(fixtures[1]);
            await ExpectAsync(notify, repeat, HttpStatusCode.OK, "OK", "the first delivery of a valid success");
            await ExpectAsync(notify, repeat, HttpStatusCode.OK, "OK", "a repeat of it");
            await ExpectAsync(notify, forged, HttpStatusCode.BadRequest, "ERR signature", "a forged signature");
            await ExpectAsync(bare.Address, repeat, HttpStatusCode.OK, "OK", "the bare endpoint");

            var pairs = new List<RoundPair>();
            foreach (var scenario in options.Scenarios)
            {
                var load = scenario switch
                {
                    Scenario.Repeat => ScenarioLoad.Fixed(repeat, StoreAnswers(HttpStatusCode.OK, "OK")),
                    Scenario.Forged => ScenarioLoad.Fixed(forged, StoreAnswers(HttpStatusCode.BadRequest, "ERR signature")),
                    _ => new ScenarioLoad(null, StoreAnswers(HttpStatusCode.OK, "OK")),
                };
                pairs.AddRange(await RunScenarioAsync(database, scenario, load, bare.Address, notify, store, notifications));
            }

            return pairs;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (cluster is not null)
                await cluster.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<List<RoundPair>> RunScenarioAsync(Database database, Scenario scenario, ScenarioLoad load, Uri bare, Uri store,
        StoreUnderTest shop, InterkassaNotifications notifications)
    {
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
        var pool = new ConcurrentQueue<byte[]>();
        var sample = new List<byte[]>();
        var rate = FirstGuessRequestsPerSecond;

        // A fresh pending order per request: made (outside the measured time) before the rounds that consume them,
        // twice as many as the last measured rate would use, since rates swing between rounds on a shared machine.
        async Task RefillAsync(double seconds)
        {
            var needed = (int)(rate * seconds * 2) + 50 - pool.Count;
            if (load.Body is not null || needed <= 0)
                return;
            var started = Stopwatch.GetTimestamp();
            foreach (var form in await shop.CreateOrdersAsync(needed))
            {
                var body = notifications.Valid(form);
                pool.Enqueue(body);
                if (sample.Count < 256)
                    sample.Add(body);
            }

            output.WriteLine($"  ({needed} fresh orders with their payment forms prepared in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
        }

        var sent = 0;
        Func<byte[]?> bareBodies = load.Body is { } fixedBody ? () => fixedBody : () => sample[Interlocked.Increment(ref sent) % sample.Count];
        Func<byte[]?> storeBodies = load.Body is { } body ? () => body : () => pool.TryDequeue(out var next) ? next : null;
        var bareAnswers = StoreAnswers(HttpStatusCode.OK, "OK");

        await RefillAsync(options.WarmupSeconds);
        if (options.WarmupSeconds > 0)
        {
            await ClosedLoop.RunAsync(bare, options.Clients, warmup, bareBodies, bareAnswers);
            var warm = await ClosedLoop.RunAsync(store, options.Clients, warmup, storeBodies, load.IsExpected);
            rate = warm.RequestsPerSecond > 0 ? warm.RequestsPerSecond : rate;
        }

        var pairs = new List<RoundPair>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            await RefillAsync(options.Seconds);
            var bareResult = await ClosedLoop.RunAsync(bare, options.Clients, duration, bareBodies, bareAnswers);
            var storeResult = await ClosedLoop.RunAsync(store, options.Clients, duration, storeBodies, load.IsExpected);
            rate = storeResult.RequestsPerSecond;
            var pair = new RoundPair(database, scenario, round, bareResult, storeResult);
            pairs.Add(pair);
            output.WriteLine(Report.RoundLine(pair));
        }

        return pairs;
    }

    private static Func<HttpStatusCode, string, bool> StoreAnswers(HttpStatusCode status, string bodyStart) =>
        (actualStatus, body) => actualStatus == status && body.StartsWith(bodyStart, StringComparison.Ordinal);

    private static async Task ExpectAsync(Uri target, byte[] body, HttpStatusCode status, string answer, string what)
    {
        using var client = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await client.PostAsync(target, content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status || !text.StartsWith(answer, StringComparison.Ordinal))
            throw new InvalidOperationException($"Set-up check failed for {what}: expected {(int)status} {answer}, got {(int)response.StatusCode} {text}");
    }

    internal static string Name(Database database) => database == Database.Sqlite ? "SQLite" : "PostgreSQL";

    /// <param name="Body">The one body every request sends, or null for a fresh order per request.</param>
    private sealed record ScenarioLoad(byte[]? Body, Func<HttpStatusCode, string, bool> IsExpected)
    {
        public static ScenarioLoad Fixed(byte[] body, Func<HttpStatusCode, string, bool> isExpected) => new(body, isExpected);
    }
}
