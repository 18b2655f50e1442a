using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>The sandbox's subset of Interkassa's REST API with Basic auth, over real HTTP.</summary>
[Category(TestCategories.Fast)]
public class ApiTests
{
    private SandboxTestHost _sandbox = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _sandbox = await SandboxTestHost.StartAsync("/sandbox/interkassa");

    [OneTimeTearDown]
    public async Task StopAsync() => await _sandbox.DisposeAsync();

    [SetUp]
    public async Task DisarmApiFaultsAsync() => await ArmFaultAsync(0, 503);

    private async Task ArmFaultAsync(int calls, int status, string pathContains = "")
    {
        using var body = new StringContent($"{{\"failNextCalls\":{calls},\"status\":{status},\"pathContains\":\"{pathContains}\"}}", Encoding.UTF8, "application/json");
        using var response = await _sandbox.Client.PostAsync(new Uri(_sandbox.Url("/_sandbox/faults/api"), UriKind.Relative), body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(
        string path,
        string? account = TestCheckouts.AccountId,
        string user = TestCheckouts.UserId,
        string key = TestCheckouts.ApiKey,
        IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, new Uri(_sandbox.Url("/v1" + path), UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
        if (account is not null)
        {
            request.Headers.Add("Ik-Api-Account-Id", account);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await _sandbox.Client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static void AssertOk(JsonElement body)
    {
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ok"), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
    }

    private static void AssertError(JsonElement body, int code, string message)
    {
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("error"), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code));
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.GetProperty("message").GetString(), Does.Contain(message));
        });
    }

    private Task<string> PayAsync(string amount = "50.00", string choice = "success") =>
        _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), amount: amount).Signed(), choice);

    private static Dictionary<string, string> RefundForm(string invoiceId, string amount) =>
        new() { ["id"] = invoiceId, ["amount"] = amount, ["description"] = "Возврат" };

    [TestCase(TestCheckouts.UserId, "wrong-key")]
    [TestCase("unknown-user", TestCheckouts.ApiKey)]
    public async Task Wrong_credentials_get_401_with_the_error_envelope(string user, string key)
    {
        var (status, body) = await CallAsync("/account", user: user, key: key);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body.ToString(), Is.EqualTo("""{"status":"error","code":401,"data":null,"message":"Unauthorized"}"""));
        });
    }

    [Test]
    public async Task Missing_credentials_get_401()
    {
        using var response = await _sandbox.Client.GetAsync(new Uri(_sandbox.Url("/v1/account"), UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        });
    }

    [Test]
    public async Task Account_list_holds_the_business_account_and_a_personal_one()
    {
        var (status, body) = await CallAsync("/account", account: null);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        AssertOk(body);
        var accounts = body.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var business = accounts.Values.Single(a => a.GetProperty("tp").GetString() == "b");
        Assert.Multiple(() =>
        {
            Assert.That(business.GetProperty("_id").GetString(), Is.EqualTo(TestCheckouts.AccountId));
            Assert.That(accounts.Keys, Does.Contain(TestCheckouts.AccountId), "keyed by id");
            Assert.That(accounts.Values.Count(a => a.GetProperty("tp").GetString() == "p"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Checkouts_are_listed_and_found_by_id()
    {
        var (_, list) = await CallAsync("/checkout");
        var (_, one) = await CallAsync($"/checkout/{TestCheckouts.Sha256Id}");
        AssertOk(list);
        AssertOk(one);
        Assert.Multiple(() =>
        {
            Assert.That(list.GetProperty("data").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { TestCheckouts.Md5Id, TestCheckouts.Sha256Id, TestCheckouts.UnsignedId }));
            Assert.That(one.GetProperty("data").GetProperty("_id").GetString(), Is.EqualTo(TestCheckouts.Sha256Id));
            Assert.That(one.GetProperty("data").GetProperty("nm").GetString(), Is.EqualTo("SHA-256 checkout"));
        });
    }

    [Test]
    public async Task An_unknown_checkout_is_a_404_error_envelope()
    {
        var (status, body) = await CallAsync("/checkout/no-such-checkout");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(body, 404, "Checkout not found");
    }

    [TestCase(null, "Ik-Api-Account-Id")]
    [TestCase(TestCheckouts.UserId, "access denied")]
    public async Task Private_resources_need_the_business_account_header(string? account, string message)
    {
        var (status, body) = await CallAsync("/checkout", account: account);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(body, 403, message);
    }

    [Test]
    public async Task Co_invoices_are_listed_by_checkout_and_date_window()
    {
        var paid = await PayAsync("50.00");
        var pending = await PayAsync("12.30", "pending");
        var failed = await PayAsync("7.00", "fail");
        var now = DateTime.UtcNow;
        string Window(DateTime from, DateTime to) =>
            $"/co-invoice?checkoutId={TestCheckouts.Md5Id}&fromDate={Uri.EscapeDataString(from.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))}&toDate={Uri.EscapeDataString(to.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))}";

        var (_, current) = await CallAsync(Window(now.AddMinutes(-5), now.AddMinutes(5)));
        var (_, past) = await CallAsync(Window(now.AddDays(-2), now.AddDays(-1)));
        var (_, other) = await CallAsync($"/co-invoice?checkoutId={TestCheckouts.Sha256Id}");
        AssertOk(current);
        AssertOk(past);
        var data = current.GetProperty("data");
        var item = data.GetProperty(paid);
        Assert.Multiple(() =>
        {
            Assert.That(data.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { paid, pending, failed }));
            Assert.That(past.GetProperty("data").EnumerateObject().Select(p => p.Name), Is.Empty);
            Assert.That(other.GetProperty("data").EnumerateObject().Select(p => p.Name), Has.None.EqualTo(paid));
            Assert.That(item.GetProperty("id").GetString(), Is.EqualTo(paid));
            Assert.That(item.GetProperty("coId").GetString(), Is.EqualTo(TestCheckouts.Md5Id));
            Assert.That(item.GetProperty("paymentNo").GetString(), Does.StartWith("T"));
            Assert.That(item.GetProperty("state").GetInt32(), Is.EqualTo(7));
            Assert.That(item.GetProperty("am").GetString(), Is.EqualTo("50.00"));
            Assert.That(item.GetProperty("cur").GetString(), Is.EqualTo("RUB"));
            Assert.That(item.GetProperty("coRfn").GetString(), Is.EqualTo("48.5000"));
            Assert.That(item.GetProperty("psPrice").GetString(), Is.EqualTo("50.00"));
            Assert.That(item.GetProperty("pw").GetString(), Is.EqualTo("test_interkassa_test_xts"));
            Assert.That(item.GetProperty("created").GetString(), Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"));
            Assert.That(item.GetProperty("refunded").GetString(), Is.EqualTo("0.00"));
            Assert.That(data.GetProperty(pending).GetProperty("state").GetInt32(), Is.EqualTo(2));
            Assert.That(data.GetProperty(pending).GetProperty("am").GetString(), Is.EqualTo("12.30"));
            Assert.That(data.GetProperty(failed).GetProperty("state").GetInt32(), Is.EqualTo(8));
        });
    }

    [Test]
    public async Task A_badly_formatted_window_is_an_error()
    {
        var (_, body) = await CallAsync("/co-invoice?fromDate=2026-01-01T00:00:00");
        AssertError(body, 400, "fromDate");
    }

    [Test]
    public async Task A_co_invoice_is_found_by_id_and_an_unknown_one_is_404()
    {
        var paid = await PayAsync();
        var (_, found) = await CallAsync($"/co-invoice/{paid}");
        var (_, missing) = await CallAsync("/co-invoice/123456789");
        AssertOk(found);
        Assert.That(found.GetProperty("data").GetProperty("id").GetString(), Is.EqualTo(paid));
        AssertError(missing, 404, "Invoice not found");
    }

    [Test]
    public async Task A_partial_refund_keeps_the_invoice_paid_and_the_rest_refunds_it()
    {
        var paid = await PayAsync("50.00");

        var (_, partial) = await CallAsync("/refund", form: RefundForm(paid, "20.00"));
        var (_, afterPartial) = await CallAsync($"/co-invoice/{paid}");
        var (_, rest) = await CallAsync("/refund", form: RefundForm(paid, "30"));
        var (_, afterRest) = await CallAsync($"/co-invoice/{paid}");

        AssertOk(partial);
        AssertOk(rest);
        Assert.Multiple(() =>
        {
            Assert.That(partial.GetProperty("data").GetProperty("invoiceId").GetString(), Is.EqualTo(paid));
            Assert.That(partial.GetProperty("data").GetProperty("amount").GetString(), Is.EqualTo("20.00"));
            Assert.That(partial.GetProperty("data").GetProperty("state").GetInt32(), Is.EqualTo(7));
            Assert.That(partial.GetProperty("data").GetProperty("id").GetString(), Does.Match("^[0-9]{9,}$"));
            Assert.That(afterPartial.GetProperty("data").GetProperty("state").GetInt32(), Is.EqualTo(7));
            Assert.That(afterPartial.GetProperty("data").GetProperty("refunded").GetString(), Is.EqualTo("20.00"));
            Assert.That(rest.GetProperty("data").GetProperty("state").GetInt32(), Is.EqualTo(9));
            Assert.That(afterRest.GetProperty("data").GetProperty("state").GetInt32(), Is.EqualTo(9));
            Assert.That(afterRest.GetProperty("data").GetProperty("refunded").GetString(), Is.EqualTo("50.00"));
        });
    }

    [Test]
    public async Task A_refund_over_the_remainder_is_refused_and_changes_nothing()
    {
        var paid = await PayAsync("50.00");
        var (_, over) = await CallAsync("/refund", form: RefundForm(paid, "50.01"));
        var (_, after) = await CallAsync($"/co-invoice/{paid}");

        AssertError(over, 422, "exceeds");
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("data").GetProperty("state").GetInt32(), Is.EqualTo(7));
            Assert.That(after.GetProperty("data").GetProperty("refunded").GetString(), Is.EqualTo("0.00"));
        });
    }

    [Test]
    public async Task Refunds_of_unpaid_or_unknown_invoices_and_malformed_amounts_are_refused()
    {
        var failed = await PayAsync("10.00", "fail");
        var paid = await PayAsync("10.00");

        var (_, notPaid) = await CallAsync("/refund", form: RefundForm(failed, "1.00"));
        var (_, unknown) = await CallAsync("/refund", form: RefundForm("987654321", "1.00"));
        var (_, comma) = await CallAsync("/refund", form: RefundForm(paid, "1,50"));
        var (_, zero) = await CallAsync("/refund", form: RefundForm(paid, "0.00"));

        AssertError(notPaid, 409, "not paid");
        AssertError(unknown, 404, "Invoice not found");
        AssertError(comma, 400, "amount");
        AssertError(zero, 400, "greater than zero");
    }

    [Test]
    public async Task The_api_fault_hook_fails_the_next_call_once_with_503()
    {
        await ArmFaultAsync(1, 503);

        var (firstStatus, first) = await CallAsync("/account");
        var (secondStatus, second) = await CallAsync("/account");

        Assert.Multiple(() =>
        {
            Assert.That(firstStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(first.GetProperty("code").GetInt32(), Is.EqualTo(503));
            Assert.That(secondStatus, Is.EqualTo(HttpStatusCode.OK));
        });
        AssertOk(second);
    }

    [Test]
    public async Task The_api_fault_hook_can_target_one_resource()
    {
        await ArmFaultAsync(1, 502, "co-invoice");

        var (accountStatus, _) = await CallAsync("/account");
        var (invoiceStatus, invoice) = await CallAsync("/co-invoice");
        var (againStatus, _) = await CallAsync("/co-invoice");

        Assert.Multiple(() =>
        {
            Assert.That(accountStatus, Is.EqualTo(HttpStatusCode.OK), "another resource is not affected");
            Assert.That(invoiceStatus, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(invoice.GetProperty("status").GetString(), Is.EqualTo("error"));
            Assert.That(againStatus, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
