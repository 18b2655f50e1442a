using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Interkassa.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>The checkouts and API user every sandbox test host is configured with.</summary>
internal static class TestCheckouts
{
    public const string Md5Id = "64a7f0c1d2e3f4a5b6c7d8e9";
    public const string Md5Secret = "TestSecretKey-md5";
    public const string Md5Test = "TestTestKey-md5";

    public const string Sha256Id = "64a7f0c1d2e3f4a5b6c7d8ea";
    public const string Sha256Secret = "TestSecretKey-sha256";
    public const string Sha256Test = "TestTestKey-sha256";

    public const string UnsignedId = "64a7f0c1d2e3f4a5b6c7d8eb";

    public const string UserId = "64a7f0c1d2e3f4a5b6c7d801";
    public const string ApiKey = "TestApiKey";
    public const string AccountId = "64a7f0c1d2e3f4a5b6c7d802";
}

/// <summary>
/// A real sandbox on Kestrel, loopback, port 0 — standalone (prefix "") or mounted in a host app
/// under a prefix and optionally a PathBase, as the store mounts it.
/// </summary>
internal sealed class SandboxTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxTestHost(WebApplication app, Uri root, string pathBase, string prefix)
    {
        _app = app;
        Root = root;
        MountPath = pathBase + prefix;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Scheme, host and port, without the mount path.</summary>
    public Uri Root { get; }

    /// <summary>PathBase + prefix: where the sandbox answers, e.g. "/store/sandbox/interkassa" or "".</summary>
    public string MountPath { get; }

    /// <summary>Does not follow redirects, so tests see where the buyer is sent.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string Url(string path) => MountPath + path;

    /// <param name="time">The sandbox's clock (e.g. a <c>FakeTimeProvider</c> for expiry); the system clock when null.</param>
    public static async Task<SandboxTestHost> StartAsync(string prefix = "", string pathBase = "", IDictionary<string, string?>? overrides = null,
        TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Checkouts:0:Id"] = TestCheckouts.Md5Id,
            ["Checkouts:0:SecretKey"] = TestCheckouts.Md5Secret,
            ["Checkouts:0:TestKey"] = TestCheckouts.Md5Test,
            ["Checkouts:0:Algorithm"] = "md5",
            ["Checkouts:1:Id"] = TestCheckouts.Sha256Id,
            ["Checkouts:1:Name"] = "SHA-256 checkout",
            ["Checkouts:1:SecretKey"] = TestCheckouts.Sha256Secret,
            ["Checkouts:1:TestKey"] = TestCheckouts.Sha256Test,
            ["Checkouts:1:Algorithm"] = "sha256",
            ["Checkouts:1:CommissionPercent"] = "2.5",
            ["Checkouts:2:Id"] = TestCheckouts.UnsignedId,
            ["Checkouts:2:SecretKey"] = "unsigned-secret",
            ["Checkouts:2:TestKey"] = "unsigned-test",
            ["Checkouts:2:RequireSignature"] = "false",
            ["ApiUsers:0:UserId"] = TestCheckouts.UserId,
            ["ApiUsers:0:ApiKey"] = TestCheckouts.ApiKey,
            ["ApiUsers:0:AccountId"] = TestCheckouts.AccountId,
            ["Delivery:MaxAttempts"] = "4",
            ["Delivery:InitialBackoffMs"] = "20",
            ["Delivery:FirstAttemptWaitMs"] = "5000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(kv => "Sandbox:" + kv.Key, kv => kv.Value));
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddInterkassaSandbox(builder.Configuration.GetSection("Sandbox"));

        var app = builder.Build();
        if (pathBase.Length > 0)
        {
            app.UsePathBase(pathBase);
            app.UseRouting();
        }

        if (prefix.Length > 0)
        {
            // The host app has its own pages next to the mounted sandbox.
            app.MapGet("/", () => "host home");
        }

        app.MapInterkassaSandbox(prefix);
        await app.StartAsync().ConfigureAwait(false);
        var root = new Uri(app.Urls.First());
        return new SandboxTestHost(app, root, pathBase, prefix);
    }

    /// <summary>Posts an SCI form; returns the response and its parsed HTML.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostFormAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await Client.PostAsync(new Uri(Url("/"), UriKind.Relative), content).ConfigureAwait(false);
        var html = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return (response, new HtmlParser().ParseDocument(html));
    }

    /// <summary>Starts a payment that must be accepted and returns the payment page's form action.</summary>
    public async Task<string> StartPaymentAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var (response, page) = await PostFormAsync(fields).ConfigureAwait(false);
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => page.Body?.TextContent ?? "");
        }

        var form = page.QuerySelector<IHtmlFormElement>("form");
        Assert.That(form, Is.Not.Null, "payment page has a form");
        return form!.GetAttribute("action")!;
    }

    /// <summary>Presses a button on the payment page, with optional fault switches.</summary>
    public async Task<HttpResponseMessage> ChooseAsync(string payAction, string choice, params (string Name, string Value)[] extra)
    {
        var fields = new List<KeyValuePair<string, string>> { new("choice", choice) };
        fields.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)));
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(new Uri(payAction, UriKind.Relative), content).ConfigureAwait(false);
    }

    /// <summary>Start and choose in one go; returns the invoice id the buyer is sent back with.</summary>
    public async Task<string> PayAsync(IEnumerable<KeyValuePair<string, string>> fields, string choice = "success", params (string Name, string Value)[] extra)
    {
        var action = await StartPaymentAsync(fields).ConfigureAwait(false);
        using var response = await ChooseAsync(action, choice, extra).ConfigureAwait(false);
        var snapshot = await FindByPaymentNoAsync(fields.First(f => f.Key == "ik_pm_no").Value).ConfigureAwait(false);
        return snapshot.GetProperty("invoice").GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(Url(path), UriKind.Relative)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public Task<JsonElement> GetInvoiceAsync(string invoiceId) => GetJsonAsync($"/_sandbox/invoices/{invoiceId}");

    public async Task<JsonElement> FindByPaymentNoAsync(string paymentNo)
    {
        var list = await GetJsonAsync($"/_sandbox/invoices?paymentNo={Uri.EscapeDataString(paymentNo)}").ConfigureAwait(false);
        Assert.That(list.GetArrayLength(), Is.EqualTo(1), $"one invoice for payment {paymentNo}");
        return list[0];
    }

    /// <summary>Polls the invoice until <paramref name="condition"/> holds or the deadline passes.</summary>
    public async Task<JsonElement> WaitForInvoiceAsync(string invoiceId, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var invoice = await GetInvoiceAsync(invoiceId).ConfigureAwait(false);
            if (condition(invoice))
            {
                return invoice;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for invoice {invoiceId}: {what}. Last: {invoice}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
