using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol.Api;

[Category(TestCategories.Fast)]
public class InterkassaApiClientTests
{
    private const string UserId = "5f1e2d3c4b5a69788796a5b4";
    private const string ApiKey = "Zx9ApiKeyQ7w2";
    private const string AccountId = "5a1b2c3d4e5f60718293a4b5";

    private FakeInterkassaApi _api = null!;
    private ServiceProvider _services = null!;

    private InterkassaApiCredentials Credentials => new(_api.BaseUrl, UserId, ApiKey, AccountId);

    private InterkassaApiClient Client => _services.GetRequiredService<InterkassaApiClient>();

    [OneTimeSetUp]
    public async Task StartFakeApi() => _api = await FakeInterkassaApi.StartAsync();

    [OneTimeTearDown]
    public async Task StopFakeApi() => await _api.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _api.Reset();
        _services = Services(timeout: TimeSpan.FromSeconds(10));
    }

    [TearDown]
    public void TearDown() => _services.Dispose();

    private static ServiceProvider Services(TimeSpan timeout)
    {
        var services = new ServiceCollection();
        services.AddInterkassaApiClient(timeout);
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task Accounts_are_read_from_an_object_keyed_by_id_with_basic_auth_and_no_account_header()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""
            {"5a1b2c3d4e5f60718293a4b5":{"_id":"5a1b2c3d4e5f60718293a4b5","tp":"b","nm":"ООО Магазин"},
             "5a1b2c3d4e5f60718293a4b6":{"_id":"5a1b2c3d4e5f60718293a4b6","tp":"p","nm":"Personal"}}
            """));

        var accounts = await Client.GetAccountsAsync(Credentials, CancellationToken.None);

        var request = _api.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(accounts, Is.EqualTo(new[]
            {
                new ApiAccount(AccountId, "b", "ООО Магазин"),
                new ApiAccount("5a1b2c3d4e5f60718293a4b6", "p", "Personal"),
            }));
            Assert.That(accounts.Single(a => a.IsBusiness).Id, Is.EqualTo(AccountId));
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Path, Is.EqualTo("/v1/account"));
            Assert.That(request.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserId}:{ApiKey}"))));
            Assert.That(request.AccountId, Is.Null);
        });
    }

    [Test]
    public async Task A_checkout_is_read_and_the_account_header_is_sent()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"_id":"61eb4664a9d4f77b7f55e1a4","nm":"shop.example"}"""));

        var checkout = await Client.GetCheckoutAsync(Credentials, "61eb4664a9d4f77b7f55e1a4", CancellationToken.None);

        var request = _api.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(checkout, Is.EqualTo(new ApiCheckout("61eb4664a9d4f77b7f55e1a4", "shop.example")));
            Assert.That(request.Path, Is.EqualTo("/v1/checkout/61eb4664a9d4f77b7f55e1a4"));
            Assert.That(request.AccountId, Is.EqualTo(AccountId));
            Assert.That(request.Authorization, Does.StartWith("Basic "));
        });
    }

    [Test]
    public async Task Invoices_are_listed_for_a_checkout_and_window_with_amounts_as_strings_or_numbers()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""
            {"341920384":{"id":"341920384","coId":"61eb4664a9d4f77b7f55e1a4","paymentNo":"ORD-1001","state":7,
                          "am":"1465.01","cur":"RUB","coRfn":"1421.0597","psPrice":1494.31,"pw":"visa_cpaytrz_merchant_rub",
                          "created":"2025-11-20 14:03:11","processed":"2025-11-20 14:05:47","refunded":"0.00"},
             "341920385":{"id":"341920385","coId":"61eb4664a9d4f77b7f55e1a4","paymentNo":"ORD-1002","state":"2",
                          "am":50,"cur":"RUB","coRfn":null,"psPrice":null,"pw":null,"created":"2025-11-20 15:00:00","processed":null}}
            """));
        var from = new DateTime(2025, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2025, 11, 21, 23, 59, 59, DateTimeKind.Utc);

        var invoices = await Client.GetInvoicesAsync(Credentials, "61eb4664a9d4f77b7f55e1a4", from, to, CancellationToken.None);

        var request = _api.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/v1/co-invoice"));
            Assert.That(request.Query, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["checkoutId"] = "61eb4664a9d4f77b7f55e1a4",
                ["fromDate"] = "2025-11-20 00:00:00",
                ["toDate"] = "2025-11-21 23:59:59",
            }));
            Assert.That(request.AccountId, Is.EqualTo(AccountId));
            Assert.That(invoices, Is.EqualTo(new[]
            {
                new ApiInvoice("341920384", "61eb4664a9d4f77b7f55e1a4", "ORD-1001", ApiInvoiceState.Paid, 1465.01m, "RUB", 1421.0597m, 1494.31m,
                    "visa_cpaytrz_merchant_rub", new DateTime(2025, 11, 20, 14, 3, 11), new DateTime(2025, 11, 20, 14, 5, 47), 0m),
                new ApiInvoice("341920385", "61eb4664a9d4f77b7f55e1a4", "ORD-1002", ApiInvoiceState.AwaitingPayment, 50m, "RUB", null, null,
                    null, new DateTime(2025, 11, 20, 15, 0, 0), null, 0m),
            }));
        });
    }

    [Test]
    public async Task An_empty_list_encoded_by_php_as_an_array_is_empty()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("[]"));

        var invoices = await Client.GetInvoicesAsync(Credentials, "co1", DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1), CancellationToken.None);

        Assert.That(invoices, Is.Empty);
    }

    [Test]
    public async Task One_invoice_is_read_by_id()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""
            {"id":"341920384","coId":"co1","paymentNo":"ORD-1001","state":9,"am":"1465.01","cur":"RUB","refunded":"1465.01"}
            """));

        var invoice = await Client.GetInvoiceAsync(Credentials, "341920384", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_api.Requests.Single().Path, Is.EqualTo("/v1/co-invoice/341920384"));
            Assert.That(invoice.State, Is.EqualTo(ApiInvoiceState.Refunded));
            Assert.That(invoice.Refunded, Is.EqualTo(1465.01m));
            Assert.That(ApiInvoiceStates.ToInvoiceState(invoice.State), Is.EqualTo(InvoiceState.Success));
        });
    }

    [Test]
    public async Task A_checkout_wrapped_in_an_object_keyed_by_its_id_is_read_too()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"61eb4664a9d4f77b7f55e1a4":{"_id":"61eb4664a9d4f77b7f55e1a4","nm":"shop.example"}}"""));

        var checkout = await Client.GetCheckoutAsync(Credentials, "61eb4664a9d4f77b7f55e1a4", CancellationToken.None);

        Assert.That(checkout, Is.EqualTo(new ApiCheckout("61eb4664a9d4f77b7f55e1a4", "shop.example")));
    }

    [Test]
    public async Task Invoice_times_are_read_from_unix_seconds_and_a_zero_date_means_none()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""
            {"id":"1","coId":"co1","paymentNo":"ORD-1","state":3,"am":"1.00","cur":"RUB","created":1763647391,"processed":"0000-00-00 00:00:00"}
            """));

        var invoice = await Client.GetInvoiceAsync(Credentials, "1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(invoice.Created, Is.EqualTo(new DateTime(2025, 11, 20, 14, 3, 11, DateTimeKind.Utc)));
            Assert.That(invoice.Created?.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(invoice.Processed, Is.Null);
        });
    }

    [Test]
    public async Task A_local_window_is_sent_in_utc()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("[]"));
        var fromUtc = new DateTime(2025, 11, 20, 10, 0, 0, DateTimeKind.Utc);

        await Client.GetInvoicesAsync(Credentials, "co1", fromUtc.ToLocalTime(), fromUtc.AddHours(1), CancellationToken.None);

        Assert.That(_api.Requests.Single().Query["fromDate"], Is.EqualTo("2025-11-20 10:00:00"));
    }

    [Test]
    public async Task A_refund_posts_the_invoice_amount_and_description_as_a_form()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"id":"r-77","invoiceId":"341920384","amount":"12.50","state":4}"""));

        var refund = await Client.RefundAsync(Credentials, "341920384", 12.5m, "Возврат по заказу 1001", CancellationToken.None);

        var request = _api.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(refund, Is.EqualTo(new ApiRefund("r-77", "341920384", 12.50m, ApiInvoiceState.RefundInProgress)));
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/v1/refund"));
            Assert.That(request.AccountId, Is.EqualTo(AccountId));
            Assert.That(request.Form, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["id"] = "341920384",
                ["amount"] = "12.50",
                ["description"] = "Возврат по заказу 1001",
            }));
        });
    }

    [Test]
    public void Http_401_is_reported_as_unauthorized()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Error(401, "Unauthorized"), StatusCodes.Status401Unauthorized);

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetAccountsAsync(Credentials, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.Unauthorized));
            Assert.That(error.HttpStatus, Is.EqualTo(401));
        });
    }

    [Test]
    public void Envelope_code_404_is_reported_as_not_found()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Error(404, "Invoice not found"));

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetInvoiceAsync(Credentials, "nope", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.NotFound));
            Assert.That(error.ApiCode, Is.EqualTo(404));
            Assert.That(error.ApiMessage, Is.EqualTo("Invoice not found"));
        });
    }

    [Test]
    public void A_not_found_message_with_another_code_is_reported_as_not_found()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Error(1, "Checkout not found"));

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetCheckoutAsync(Credentials, "nope", CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.NotFound));
    }

    [Test]
    public void Http_403_for_a_wrong_account_is_an_api_error_carrying_the_message()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Error(403, "Access to account denied"), StatusCodes.Status403Forbidden);

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetCheckoutAsync(Credentials, "co1", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.ApiError));
            Assert.That(error.HttpStatus, Is.EqualTo(403));
            Assert.That(error.ApiMessage, Is.EqualTo("Access to account denied"));
            Assert.That(error.Message, Does.Contain("Access to account denied"));
        });
    }

    [Test]
    public async Task A_503_answered_once_is_retried_and_the_call_succeeds()
    {
        var calls = 0;
        _api.Respond = context => Interlocked.Increment(ref calls) == 1
            ? FakeInterkassaApi.Json("Service Unavailable", StatusCodes.Status503ServiceUnavailable)(context)
            : FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"_id":"co1","nm":"shop"}"""))(context);

        var checkout = await Client.GetCheckoutAsync(Credentials, "co1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(checkout.Name, Is.EqualTo("shop"));
            Assert.That(_api.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void A_lasting_503_is_retried_a_bounded_number_of_times_then_reported()
    {
        _api.Respond = FakeInterkassaApi.Json("Service Unavailable", StatusCodes.Status503ServiceUnavailable);

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetAccountsAsync(Credentials, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.ApiError));
            Assert.That(error.HttpStatus, Is.EqualTo(503));
            Assert.That(_api.Requests, Has.Count.EqualTo(1 + InterkassaApiClientRegistration.MaxRetries));
        });
    }

    [Test]
    public void A_refund_is_never_retried_because_a_repeat_could_refund_twice()
    {
        _api.Respond = FakeInterkassaApi.Json("Service Unavailable", StatusCodes.Status503ServiceUnavailable);

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.RefundAsync(Credentials, "341920384", 10m, null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.HttpStatus, Is.EqualTo(503));
            Assert.That(_api.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void A_refused_connection_is_reported_as_unreachable()
    {
        var credentials = Credentials with { BaseUrl = $"http://127.0.0.1:{UnusedPort()}/v1/" };

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetAccountsAsync(credentials, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.Unreachable));
    }

    [Test]
    public void No_answer_within_the_timeout_is_reported_as_timeout()
    {
        _api.Respond = FakeInterkassaApi.Hang();
        using var services = Services(timeout: TimeSpan.FromMilliseconds(300));
        var client = services.GetRequiredService<InterkassaApiClient>();

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => client.GetAccountsAsync(Credentials, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.Timeout));
    }

    [Test]
    public void A_call_cancelled_by_the_caller_stays_a_cancellation()
    {
        _api.Respond = FakeInterkassaApi.Hang();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(() => Client.GetAccountsAsync(Credentials, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_success_status_with_a_body_that_is_not_json_is_an_invalid_response()
    {
        _api.Respond = FakeInterkassaApi.Json("<html>maintenance</html>");

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetAccountsAsync(Credentials, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.InvalidResponse));
            Assert.That(error.ResponseBody, Is.EqualTo("<html>maintenance</html>"));
        });
    }

    [Test]
    public void An_invoice_without_an_amount_is_an_invalid_response()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"id":"1","coId":"co1","paymentNo":"ORD-1","state":7,"cur":"RUB"}"""));

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetInvoiceAsync(Credentials, "1", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.InvalidResponse));
            Assert.That(error.Message, Does.Contain("'am'"));
        });
    }

    [Test]
    public void An_undocumented_state_code_is_an_invalid_response()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("""{"id":"1","coId":"co1","paymentNo":"ORD-1","state":6,"am":"1.00","cur":"RUB"}"""));

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetInvoiceAsync(Credentials, "1", CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.InvalidResponse));
    }

    [Test]
    public void An_error_reply_that_echoes_the_api_key_is_redacted()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Error(400, $"Bad key {ApiKey}"), StatusCodes.Status400BadRequest);

        var error = Assert.ThrowsAsync<InterkassaApiException>(() => Client.GetAccountsAsync(Credentials, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.ApiError));
            Assert.That(error.ResponseBody, Does.Not.Contain(ApiKey).And.Contain("****"));
            Assert.That(error.ApiMessage, Does.Not.Contain(ApiKey));
            Assert.That(error.Message, Does.Not.Contain(ApiKey));
        });
    }

    [Test]
    public void A_private_resource_without_an_account_id_is_refused_before_any_request()
    {
        Assert.That(() => Client.GetCheckoutAsync(Credentials with { AccountId = null }, "co1", CancellationToken.None), Throws.ArgumentException);
        Assert.That(_api.Requests, Is.Empty);
    }

    [Test]
    public async Task A_base_url_without_a_trailing_slash_still_keeps_its_path()
    {
        _api.Respond = FakeInterkassaApi.Json(FakeInterkassaApi.Ok("[]"));

        await Client.GetAccountsAsync(Credentials with { BaseUrl = _api.BaseUrl.TrimEnd('/') }, CancellationToken.None);

        Assert.That(_api.Requests.Single().Path, Is.EqualTo("/v1/account"));
    }

    private static int UnusedPort()
    {
        // Bind to get a free port, then release it: connecting to it is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
