using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Interkassa.LoadBench;

/// <summary>What one round measured. Latency is from sending a request to reading its whole answer.</summary>
internal sealed record RoundResult(int Requests, TimeSpan Elapsed, double P50Ms, double P99Ms, int Unexpected, string? FirstUnexpected, bool RanOut)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load: each of N clients sends a request, waits for the whole answer, and sends the next, until
/// the time is up or the bodies run out. One keep-alive connection per client.
/// </summary>
internal static class ClosedLoop
{
    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    /// <param name="nextBody">The next request body; null when none is left (the client stops).</param>
    /// <param name="isExpected">Whether the status and body are the answer the scenario calls for.</param>
    public static async Task<RoundResult> RunAsync(Uri target, int clients, TimeSpan duration, Func<byte[]?> nextBody,
        Func<HttpStatusCode, string, bool> isExpected)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var unexpected = 0;
        string? firstUnexpected = null;
        var ranOut = false;
        var start = Stopwatch.GetTimestamp();

        async Task<List<long>> ClientAsync()
        {
            var latencies = new List<long>(4096);
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                if (nextBody() is not { } body)
                {
                    ranOut = true;
                    break;
                }

                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = FormContentType;
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync(target, content);
                var text = await response.Content.ReadAsStringAsync();
                latencies.Add(Stopwatch.GetTimestamp() - sent);
                if (!isExpected(response.StatusCode, text) && Interlocked.Increment(ref unexpected) == 1)
                    firstUnexpected = $"{(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}";
            }

            return latencies;
        }

        var all = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var sorted = all.SelectMany(l => l).Order().ToArray();
        return new RoundResult(sorted.Length, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), unexpected, firstUnexpected, ranOut);
    }

    // Nearest rank, in milliseconds.
    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
