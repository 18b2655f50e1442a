using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Plugin.Payments.Interkassa.Tests.Protocol.Api;

/// <summary>
/// A tiny stand-in for Interkassa's REST API on loopback (Kestrel, port 0): records every request and answers
/// with whatever the test set in <see cref="Respond"/>. Real HTTP, so headers, timeouts and refused
/// connections behave as they do against the real API; the sandbox replaces it in integration tests.
/// </summary>
internal sealed class FakeInterkassaApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeInterkassaApi(WebApplication app) => _app = app;

    public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query,
        string? Authorization, string? AccountId, IReadOnlyDictionary<string, string> Form);

    /// <summary>E.g. <c>http://127.0.0.1:41234/v1/</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public Func<HttpContext, Task> Respond { get; set; } = Json(Ok("{}"));

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeInterkassaApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeInterkassaApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.BaseUrl = address.TrimEnd('/') + "/v1/";
        return fake;
    }

    public void Reset()
    {
        _requests.Clear();
        Respond = Json(Ok("{}"));
    }

    /// <summary>The success envelope around <paramref name="data"/> (raw JSON).</summary>
    public static string Ok(string data) => $$"""{"status":"ok","code":0,"data":{{data}},"message":""}""";

    public static string Error(int code, string message) => $$"""{"status":"error","code":{{code}},"data":null,"message":"{{message}}"}""";

    public static Func<HttpContext, Task> Json(string body, int status = StatusCodes.Status200OK) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    };

    /// <summary>Never answers; ends when the client gives up.</summary>
    public static Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away, which is what the test waited for.
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.Authorization.FirstOrDefault(),
            request.Headers.TryGetValue("Ik-Api-Account-Id", out var account) ? account.ToString() : null,
            form));
        await Respond(context);
    }
}
