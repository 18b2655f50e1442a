using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>A notification the fake shop received.</summary>
internal sealed record ReceivedNotification(string Method, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Query);

/// <summary>
/// A tiny shop on Kestrel (loopback, port 0). Each test takes its own interaction URL, so late
/// retries from one test never land in another's records.
/// </summary>
internal sealed class FakeShop : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ShopEndpoint> _endpoints = new();

    private FakeShop(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    public Uri Root { get; }

    public static async Task<FakeShop> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeShop? shop = null;
        app.MapMethods("/ia/{token}", [HttpMethods.Get, HttpMethods.Post], async (string token, HttpContext http) =>
            shop!._endpoints.TryGetValue(token, out var endpoint)
                ? await endpoint.HandleAsync(http).ConfigureAwait(false)
                : Results.NotFound());
        await app.StartAsync().ConfigureAwait(false);
        shop = new FakeShop(app, new Uri(app.Urls.First()));
        return shop;
    }

    /// <summary>A fresh interaction URL; the query string checks that it is kept and not signed.</summary>
    public ShopEndpoint NewEndpoint()
    {
        var token = Guid.NewGuid().ToString("N");
        var endpoint = new ShopEndpoint(new Uri(Root, $"/ia/{token}?route=interkassa"));
        _endpoints[token] = endpoint;
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

internal sealed class ShopEndpoint(Uri url)
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedNotification> _received = [];
    private readonly Queue<(int Status, string Body)> _answers = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private TaskCompletionSource? _release;
    private int _holdUntil;
    private int _inFlight;

    public Uri Url { get; } = url;

    /// <summary>The most requests this endpoint had open at the same time.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Answers for the next requests, in order; after them every request gets 200 "OK".</summary>
    public void AnswerNext(params (int Status, string Body)[] answers)
    {
        lock (_gate)
        {
            foreach (var answer in answers)
            {
                _answers.Enqueue(answer);
            }
        }
    }

    /// <summary>Holds every request open until <paramref name="count"/> are open together (or 10 s pass).</summary>
    public void HoldUntilConcurrent(int count)
    {
        lock (_gate)
        {
            _holdUntil = count;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Holds every request until <see cref="Release"/>.</summary>
    public void HoldUntilReleased() => HoldUntilConcurrent(int.MaxValue);

    public void Release()
    {
        lock (_gate)
        {
            _release?.TrySetResult();
        }
    }

    public IReadOnlyList<ReceivedNotification> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.HasFormContentType)
        {
            foreach (var (name, values) in await http.Request.ReadFormAsync().ConfigureAwait(false))
            {
                fields[name] = values.ToString();
            }
        }

        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        Task? hold = null;
        lock (_gate)
        {
            _received.Add(new ReceivedNotification(http.Request.Method, fields, query));
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            if (_release is not null)
            {
                if (_inFlight >= _holdUntil)
                {
                    _release.TrySetResult();
                }

                hold = _release.Task;
            }
        }

        _arrived.Release();
        if (hold is not null)
        {
            await hold.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        (int Status, string Body) answer;
        lock (_gate)
        {
            _inFlight--;
            answer = _answers.Count > 0 ? _answers.Dequeue() : (200, "OK");
        }

        return Results.Text(answer.Body, "text/plain", statusCode: answer.Status);
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<ReceivedNotification>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left).ConfigureAwait(false))
            {
                Assert.Fail($"Expected {count} notifications at {Url}, got {Received.Count}");
            }
        }

        return Received;
    }
}
