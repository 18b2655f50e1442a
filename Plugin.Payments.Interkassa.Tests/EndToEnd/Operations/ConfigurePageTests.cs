using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// The configure page's operations (test connection, signature self-test), <c>/health</c>, payment links, and the
/// secrets typed on the configure page: never shown back, never stored or logged in plain text. The store logs
/// at Trace into a capturing provider for the whole fixture.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class ConfigurePageTests
{
    private static readonly string[] Secrets = [TestCheckouts.Md5Secret, TestCheckouts.Md5Test, TestCheckouts.ApiKey];

    private readonly CapturingLoggerProvider _logs = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            LogLevel = LogLevel.Trace,
            Settings = Operate.NoBackgroundTasks,
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs),
        });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    private static IEnumerable<TestCaseData> ConnectionCases()
    {
        yield return new TestCaseData("Ok", new Dictionary<string, string>()).SetName("{m}(good credentials)");
        yield return new TestCaseData("WrongCredentials", new Dictionary<string, string> { ["Input.ApiKey"] = "NotTheApiKey" }).SetName("{m}(wrong API key)");
        yield return new TestCaseData("UnknownAccount", new Dictionary<string, string> { ["Input.ApiAccountId"] = "64a7f0c1d2e3f4a5b6c7ffff" }).SetName("{m}(wrong account id)");
        yield return new TestCaseData("UnknownCheckout", new Dictionary<string, string> { ["Input.CheckoutId"] = "64a7f0c1d2e3f4a5b6c7ffee" }).SetName("{m}(unknown checkout)");
        yield return new TestCaseData("Unreachable", null).SetName("{m}(unreachable API)");
    }

    [TestCaseSource(nameof(ConnectionCases))]
    public async Task Test_connection_tells_each_outcome_apart(string outcome, Dictionary<string, string>? typed)
    {
        typed ??= new Dictionary<string, string> { ["Input.ApiUrl"] = $"http://127.0.0.1:{Operate.UnusedLoopbackPort()}/v1/" };

        var page = await TestConnectionAsync(typed);

        var notice = page.QuerySelector("#ik-connection");
        Assert.Multiple(() =>
        {
            Assert.That(notice?.GetAttribute("data-outcome"), Is.EqualTo(outcome));
            Assert.That(notice?.ClassList, outcome == "Ok" ? Does.Contain("ik-notice--ok") : Does.Contain("ik-notice--error"));
            Assert.That(notice?.QuerySelector("strong")?.TextContent.Trim(), Is.Not.Empty, "says what happened");
            Assert.That(notice?.QuerySelector("p")?.TextContent.Trim(), Is.Not.Empty, "and what to do next");
        });
        if (outcome == "UnknownAccount")
        {
            Assert.That(notice!.QuerySelectorAll("code.ik-account").Select(c => c.TextContent), Is.EqualTo(new[] { TestCheckouts.AccountId }),
                "the user's real business account is offered");
        }
        if (outcome == "Ok")
            Assert.That(notice!.QuerySelector("code")?.TextContent, Is.Not.Empty, "the checkout's name");
    }

    [Test]
    public async Task Each_connection_outcome_has_its_own_message()
    {
        var cases = new[]
        {
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["Input.ApiKey"] = "NotTheApiKey" },
            new Dictionary<string, string> { ["Input.ApiAccountId"] = "64a7f0c1d2e3f4a5b6c7ffff" },
            new Dictionary<string, string> { ["Input.CheckoutId"] = "64a7f0c1d2e3f4a5b6c7ffee" },
            new Dictionary<string, string> { ["Input.ApiUrl"] = $"http://127.0.0.1:{Operate.UnusedLoopbackPort()}/v1/" },
        };
        var messages = new List<string>();
        foreach (var typed in cases)
            messages.Add(ShopPage.Text(await TestConnectionAsync(typed), "#ik-connection strong") ?? "");

        Assert.That(messages, Is.Unique.And.Count.EqualTo(5).And.None.Empty);
    }

    [Test]
    public async Task Signature_self_test_masks_the_key_and_shows_neither_key()
    {
        var configure = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        using var response = await PressAsync(configure, "#ik-selftest-run");
        var html = await response.Content.ReadAsStringAsync();
        var page = await ShopPage.ParseHtmlAsync(response);

        var hashed = ShopPage.Text(page, "#ik-selftest-hashed");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(hashed, Does.EndWith(":****"));
            Assert.That(hashed, Does.Contain(TestCheckouts.Md5Id), "the hashed string is built from the sample form");
            Assert.That(ShopPage.Text(page, "#ik-selftest-algorithm"), Is.EqualTo("MD5"));
            Assert.That(ShopPage.Text(page, "#ik-selftest-sign"), Has.Length.EqualTo(24), "a Base64 MD5");
            Assert.That(page.QuerySelectorAll(".ik-selftest__fields th").Select(t => t.TextContent), Does.Contain("ik_sign").And.Contain("ik_co_id"));
            foreach (var secret in Secrets)
                Assert.That(html, Does.Not.Contain(secret));
        });
    }

    [Test]
    public async Task Health_has_the_interkassa_entry_and_no_secret()
    {
        await _store.PaidPurchaseAsync();
        await _store.Shop.ReconcileAsync();
        using var client = new HttpClient { BaseAddress = _store.Shop.BaseAddress };
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var entry = json.RootElement.GetProperty("checks").EnumerateArray().SingleOrDefault(c => c.GetProperty("name").GetString() == "interkassa");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(entry.ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Object), "the interkassa entry");
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            // What the check knows reaches /health: the settings, the last verified notification, the last reconciliation.
            Assert.That(entry.GetProperty("description").GetString(), Does.Contain("settings complete").And.Contain("last verified notification")
                .And.Contain("last reconciliation"));
            foreach (var secret in Secrets.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCheckouts.UserId + ":" + TestCheckouts.ApiKey))))
                Assert.That(body, Does.Not.Contain(secret));
        });
    }

    [Test]
    public async Task Payment_link_of_a_pending_order_opens_a_signed_form_the_sandbox_accepts_and_is_refused_once_paid()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var admin = await ShopPage.GetAsync(_store.Admin, "/Admin/PaymentInterkassa/PaymentLink?orderId=" + purchase.Order.Id);
        var link = new Uri(admin.QuerySelector("#ik-paylink-url")?.GetAttribute("value") ?? throw new AssertionException("no payment link"));

        // Someone who took the order by phone sends the link; the buyer opens it in a fresh browser.
        using var stranger = _store.Shop.CreateBrowser();
        using var opened = await stranger.GetAsync(link);
        var page = await ShopPage.ParseHtmlAsync(opened);
        var form = page.QuerySelector<IHtmlFormElement>("form#ik-paylink-form") ?? throw new AssertionException("no form on the link's page");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var viaLink = new Purchase(purchase.Order, fields, form.GetAttribute("action")!);
        await _store.PayAsync(stranger, viaLink);

        var order = await _store.ReloadAsync(purchase.Order);
        using var reopened = await stranger.GetAsync(link);
        var refused = await ShopPage.ParseHtmlAsync(reopened);
        var adminAfter = await ShopPage.GetAsync(_store.Admin, "/Admin/PaymentInterkassa/PaymentLink?orderId=" + purchase.Order.Id);
        Assert.Multiple(() =>
        {
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(form.GetAttribute("action"), Is.EqualTo(purchase.FormAction));
            Assert.That(fields.Last().Key, Is.EqualTo("ik_sign"));
            Assert.That(viaLink.Amount, Is.EqualTo(purchase.Amount));
            Assert.That(viaLink.PaymentNo, Is.Not.EqualTo(purchase.PaymentNo), "a fresh payment number for the new attempt");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid), "the sandbox accepted the link's form and the order was paid");
            Assert.That(reopened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.QuerySelector("form#ik-paylink-form"), Is.Null);
            Assert.That(refused.QuerySelector(".ik-paylink-public")?.GetAttribute("data-refusal"), Is.EqualTo("PaymentLink.Refusals.Paid"));
            Assert.That(ShopPage.Text(refused, ".ik-paylink-public__message"), Is.Not.Empty);
            Assert.That(adminAfter.QuerySelector("#ik-paylink-url"), Is.Null);
            Assert.That(adminAfter.QuerySelector("[data-refusal]")?.GetAttribute("data-refusal"), Is.EqualTo("PaymentLink.Refusals.Paid"));
        });
    }

    [Test]
    public async Task Payment_link_with_a_tampered_token_is_not_found()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var admin = await ShopPage.GetAsync(_store.Admin, "/Admin/PaymentInterkassa/PaymentLink?orderId=" + purchase.Order.Id);
        var link = admin.QuerySelector("#ik-paylink-url")!.GetAttribute("value")!;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var tampered = link[..(link.IndexOf("?t=", StringComparison.Ordinal) + 3)] + Uri.EscapeDataString(flipped);
        var otherOrder = link.Replace(purchase.Order.OrderGuid.ToString("D"), Guid.NewGuid().ToString("D"), StringComparison.Ordinal);

        using var client = _store.Shop.CreateBrowser();
        using var tamperedAnswer = await client.GetAsync(new Uri(tampered));
        using var otherOrderAnswer = await client.GetAsync(new Uri(otherOrder));
        using var noToken = await client.GetAsync(new Uri(link[..link.IndexOf('?', StringComparison.Ordinal)]));
        using var genuine = await client.GetAsync(new Uri(link));
        Assert.Multiple(async () =>
        {
            Assert.That(tamperedAnswer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await tamperedAnswer.Content.ReadAsStringAsync(), Does.Not.Contain("ik-paylink-form"));
            Assert.That(otherOrderAnswer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a token is bound to its order");
            Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the untouched link still works");
        });
    }

    [Test]
    public async Task Secrets_typed_on_the_configure_page_are_never_shown_stored_or_logged_in_plain_text()
    {
        // Use every page that handles them: the configure page itself, a save, a connection test with typed keys, the self-test.
        var configure = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        using (var saved = await _store.SaveConfigurationAsync(_store.SandboxConfiguration()))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var afterSave = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        var tested = await TestConnectionAsync(new Dictionary<string, string>
        {
            ["Input.SecretKey"] = TestCheckouts.Md5Secret, ["Input.TestKey"] = TestCheckouts.Md5Test, ["Input.ApiKey"] = TestCheckouts.ApiKey,
        });
        using (var selfTest = await PressAsync(afterSave, "#ik-selftest-run"))
            Assert.That(selfTest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await _store.PaidPurchaseAsync();
        await _store.Shop.ReconcileAsync();

        var pages = new[] { configure.DocumentElement.OuterHtml, afterSave.DocumentElement.OuterHtml, tested.DocumentElement.OuterHtml };
        var settings = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Settings.AsNoTracking()
            .Select(s => s.Name + "=" + s.Value).ToListAsync());
        var dbFiles = Directory.EnumerateFiles(_store.Shop.TempDirectory, "shop.db*").ToList();
        var fileBytes = dbFiles.Select(ReadShared).ToList();
        var logs = _logs.Lines.ToList();
        var basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCheckouts.UserId + ":" + TestCheckouts.ApiKey));

        Assert.Multiple(() =>
        {
            Assert.That(tested.QuerySelector("#ik-connection")?.GetAttribute("data-outcome"), Is.EqualTo("Ok"), "the typed keys were used");
            Assert.That(afterSave.QuerySelector(".ik-secret-state[data-field=SecretKey] code")?.TextContent, Is.EqualTo("••••-md5"), "only the last four characters");
            Assert.That(settings, Has.Some.StartsWith("interkassasettings.protectedsecretkey=").IgnoreCase, "the settings were read");
            Assert.That(dbFiles, Is.Not.Empty);
            Assert.That(logs, Has.Count.GreaterThan(100), "the store logged at Trace");
            foreach (var secret in Secrets)
            {
                Assert.That(pages, Has.None.Contains(secret), $"{secret} in a rendered page");
                Assert.That(settings, Has.None.Contains(secret), $"{secret} in a setting");
                Assert.That(fileBytes.Any(bytes => Contains(bytes, Encoding.UTF8.GetBytes(secret)) || Contains(bytes, Encoding.Unicode.GetBytes(secret))), Is.False,
                    $"{secret} in the database files");
                Assert.That(logs, Has.None.Contains(secret), $"{secret} in the logs");
            }
            Assert.That(logs, Has.None.Contains(basicCredentials), "the Basic credentials in the logs");
        });
    }

    /// <summary>Submits the configure form with the button's own formaction, as a browser does.</summary>
    private Task<HttpResponseMessage> PressAsync(IHtmlDocument page, string button, IReadOnlyDictionary<string, string>? typed = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>("form.ik-form")!;
        form.SetAttribute("action", page.QuerySelector(button)?.GetAttribute("formaction") ?? throw new AssertionException("no button " + button));
        return ShopPage.SubmitAsync(_store.Admin, form, typed);
    }

    /// <summary>Presses "Test connection" on the configure page with some fields typed over the saved values.</summary>
    private async Task<IHtmlDocument> TestConnectionAsync(IReadOnlyDictionary<string, string> typed)
    {
        var configure = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        var form = configure.QuerySelector<IHtmlFormElement>("form.ik-form")!;
        var button = configure.QuerySelector("#ik-test-connection") ?? throw new AssertionException("no Test connection button");
        form.SetAttribute("action", button.GetAttribute("formaction"));
        using var response = await ShopPage.SubmitAsync(_store.Admin, form, typed);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the configure page answers the connection test");
        return await ShopPage.ParseHtmlAsync(response);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Keeps every formatted log line (with its exception) the store writes.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IEnumerable<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => p.Key + "=" + p.Value)) : "";
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{properties}] {exception}");
            }
        }
    }
}
