using System.Net;
using System.Text;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class ConnectionCheckTests
{
    private const string Accounts = """{"status":"ok","code":0,"data":{"5a1":{"_id":"5a1","tp":"p","nm":"Me"},"6b2":{"_id":"6b2","tp":"b","nm":"Shop LLC"}}}""";
    private const string Checkout = """{"status":"ok","code":0,"data":{"_id":"64a7","nm":"Demo shop"}}""";
    private const string CheckoutNotFound = """{"status":"error","code":404,"message":"Checkout not found"}""";

    private static readonly InterkassaApiCredentials Credentials = new("https://api.example.test/v1/", "user-1", "api-key-secret", "6b2");

    /// <summary>Answers by path, or fails the way the test says; no network.</summary>
    private sealed class StubApi(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static Task<ConnectionCheckResult> RunAsync(Func<HttpRequestMessage, HttpResponseMessage> answer,
        InterkassaApiCredentials? credentials = null, string checkoutId = "64a7")
    {
        var client = new InterkassaApiClient(new HttpClient(new StubApi(answer)));
        return new ConnectionCheck(client, TimeProvider.System).RunAsync(credentials ?? Credentials, checkoutId, CancellationToken.None);
    }

    private static HttpResponseMessage Normal(HttpRequestMessage request) =>
        request.RequestUri!.AbsolutePath.EndsWith("/account", StringComparison.Ordinal) ? Json(HttpStatusCode.OK, Accounts) : Json(HttpStatusCode.OK, Checkout);

    [Test]
    public async Task Working_credentials_and_checkout_are_ok()
    {
        var result = await RunAsync(Normal);

        Assert.That(result.Outcome, Is.EqualTo(ConnectionOutcome.Ok));
        Assert.That(result.CheckoutName, Is.EqualTo("Demo shop"));
    }

    [Test]
    public async Task A_401_means_wrong_credentials() =>
        Assert.That((await RunAsync(_ => Json(HttpStatusCode.Unauthorized, """{"status":"error","code":401,"message":"Unauthorized"}"""))).Outcome,
            Is.EqualTo(ConnectionOutcome.WrongCredentials));

    [Test]
    public async Task An_account_id_that_is_not_a_business_account_is_unknown_and_the_right_ones_are_listed()
    {
        var result = await RunAsync(Normal, Credentials with { AccountId = "5a1" });

        Assert.That(result.Outcome, Is.EqualTo(ConnectionOutcome.UnknownAccount));
        Assert.That(result.BusinessAccountIds, Is.EqualTo(new[] { "6b2" }));
    }

    [Test]
    public async Task A_403_for_the_checkout_means_an_unknown_account() =>
        Assert.That((await RunAsync(r => r.RequestUri!.AbsolutePath.EndsWith("/account", StringComparison.Ordinal)
                ? Json(HttpStatusCode.OK, Accounts)
                : Json(HttpStatusCode.Forbidden, """{"status":"error","code":403,"message":"Account not found or access denied"}"""))).Outcome,
            Is.EqualTo(ConnectionOutcome.UnknownAccount));

    [Test]
    public async Task A_404_for_the_checkout_means_an_unknown_checkout() =>
        Assert.That((await RunAsync(r => r.RequestUri!.AbsolutePath.EndsWith("/account", StringComparison.Ordinal)
                ? Json(HttpStatusCode.OK, Accounts)
                : Json(HttpStatusCode.OK, CheckoutNotFound))).Outcome,
            Is.EqualTo(ConnectionOutcome.UnknownCheckout));

    [Test]
    public async Task No_connection_means_unreachable() =>
        Assert.That((await RunAsync(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"))).Outcome,
            Is.EqualTo(ConnectionOutcome.Unreachable));

    [Test]
    public async Task No_answer_in_time_means_a_timeout() =>
        Assert.That((await RunAsync(_ => throw new TaskCanceledException("HttpClient.Timeout"))).Outcome, Is.EqualTo(ConnectionOutcome.Timeout));

    [Test]
    public async Task Any_other_answer_is_shown_with_the_apis_message()
    {
        var result = await RunAsync(_ => Json(HttpStatusCode.InternalServerError, """{"status":"error","code":500,"message":"Maintenance"}"""));

        Assert.That(result.Outcome, Is.EqualTo(ConnectionOutcome.OtherError));
        Assert.That(result.Detail, Is.EqualTo("Maintenance"));
    }

    [Test]
    public async Task Missing_values_are_reported_before_anything_is_called()
    {
        var called = false;
        var result = await RunAsync(r => { called = true; return Normal(r); }, Credentials with { ApiKey = "" });

        Assert.That(result.Outcome, Is.EqualTo(ConnectionOutcome.Incomplete));
        Assert.That(called, Is.False);
    }

    [TestCase(InterkassaApiErrorKind.NotFound, ConnectionCheck.Stage.Accounts, ConnectionOutcome.OtherError)]
    [TestCase(InterkassaApiErrorKind.NotFound, ConnectionCheck.Stage.Checkout, ConnectionOutcome.UnknownCheckout)]
    [TestCase(InterkassaApiErrorKind.InvalidResponse, ConnectionCheck.Stage.Checkout, ConnectionOutcome.OtherError)]
    [TestCase(InterkassaApiErrorKind.Timeout, ConnectionCheck.Stage.Accounts, ConnectionOutcome.Timeout)]
    public void Each_failure_is_told_apart(InterkassaApiErrorKind kind, ConnectionCheck.Stage stage, ConnectionOutcome outcome) =>
        Assert.That(ConnectionCheck.Classify(new InterkassaApiException(kind, "x"), stage), Is.EqualTo(outcome));

    [Test]
    public void A_403_is_an_unknown_account_even_when_its_message_reads_not_found() =>
        Assert.That(ConnectionCheck.Classify(new InterkassaApiException(InterkassaApiErrorKind.NotFound, "x", httpStatus: 403, apiCode: 403), ConnectionCheck.Stage.Checkout),
            Is.EqualTo(ConnectionOutcome.UnknownAccount));

    [Test]
    public void Every_outcome_has_a_message_and_a_next_step_in_every_language()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "plugin.json")))
            root = Path.GetDirectoryName(root)!;
        foreach (var culture in new[] { "ru-RU", "en-US", "uk-UA" })
        {
            var names = System.Xml.Linq.XDocument.Load(Path.Combine(root, "Localization", culture + ".xml")).Root!
                .Elements("LocaleResource").Select(e => (string)e.Attribute("Name")!).ToHashSet();
            foreach (var outcome in Enum.GetNames<ConnectionOutcome>())
            {
                Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Connection." + outcome), culture);
                Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Connection." + outcome + ".Next"), culture);
            }

            foreach (var kind in Enum.GetValues<InterkassaApiErrorKind>())
                Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + ApiErrorText.ResourceFor(kind)), culture);
        }
    }
}
