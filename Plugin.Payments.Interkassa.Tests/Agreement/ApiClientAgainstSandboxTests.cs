using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Agreement;

/// <summary>The plugin's REST API client against the sandbox's API over loopback.</summary>
[Category(TestCategories.Fast)]
public class ApiClientAgainstSandboxTests
{
    private SandboxTestHost _sandbox = null!;
    private ServiceProvider _services = null!;
    private InterkassaApiClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _sandbox = await SandboxTestHost.StartAsync(prefix: "/sandbox/interkassa");
        _services = new ServiceCollection().AddLogging().AddInterkassaApiClient(TimeSpan.FromSeconds(20)).Services.BuildServiceProvider();
        _client = _services.GetRequiredService<InterkassaApiClient>();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private InterkassaApiCredentials Credentials(string apiKey = TestCheckouts.ApiKey) =>
        new(new Uri(_sandbox.Root, _sandbox.Url("/v1/")).ToString(), TestCheckouts.UserId, apiKey, TestCheckouts.AccountId);

    [Test]
    public async Task Accounts_checkout_and_a_paid_invoice_are_read()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var form = PaymentFormBuilder.Build(new PaymentFormRequest
        {
            SciUrl = "http://sandbox.invalid/", CheckoutId = TestCheckouts.Md5Id, PaymentNo = paymentNo,
            Amount = 50m, Currency = "RUB", Description = "Оплата заказа №" + paymentNo,
        }, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5);
        var invoiceId = await _sandbox.PayAsync(form.Fields, "success");

        var accounts = await _client.GetAccountsAsync(Credentials(), CancellationToken.None);
        var checkout = await _client.GetCheckoutAsync(Credentials(), TestCheckouts.Md5Id, CancellationToken.None);
        var now = DateTime.UtcNow;
        var invoices = await _client.GetInvoicesAsync(Credentials(), TestCheckouts.Md5Id, now.AddHours(-1), now.AddHours(1), CancellationToken.None);
        var invoice = await _client.GetInvoiceAsync(Credentials(), invoiceId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(accounts.Select(a => (a.Id, a.Type)), Does.Contain((TestCheckouts.AccountId, "b")));
            Assert.That(checkout.Id, Is.EqualTo(TestCheckouts.Md5Id));
            Assert.That(invoices.Select(i => i.PaymentNo), Does.Contain(paymentNo));
            Assert.That(invoice.State, Is.EqualTo(ApiInvoiceState.Paid));
            Assert.That(invoice.Amount, Is.EqualTo(50m));
            Assert.That(invoice.PaymentNo, Is.EqualTo(paymentNo));
        });
    }

    [Test]
    public async Task A_wrong_key_is_reported_as_unauthorized()
    {
        var error = Assert.ThrowsAsync<InterkassaApiException>(() => _client.GetAccountsAsync(Credentials("wrong-key"), CancellationToken.None));
        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.Unauthorized));
        await Task.CompletedTask;
    }

    [Test]
    public async Task An_unknown_checkout_is_reported_as_not_found()
    {
        var error = Assert.ThrowsAsync<InterkassaApiException>(() => _client.GetCheckoutAsync(Credentials(), "000000000000000000000000", CancellationToken.None));
        Assert.That(error!.Kind, Is.EqualTo(InterkassaApiErrorKind.NotFound));
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_transient_503_is_retried_and_the_call_succeeds()
    {
        using var arm = await _sandbox.Client.PostAsJsonAsync(new Uri(_sandbox.Url("/_sandbox/faults/api"), UriKind.Relative),
            new { failNextCalls = 1, status = 503, pathContains = "/account" });
        Assert.That(arm.IsSuccessStatusCode, Is.True);

        var accounts = await _client.GetAccountsAsync(Credentials(), CancellationToken.None);

        var faults = await _sandbox.GetJsonAsync("/_sandbox/faults/api");
        Assert.Multiple(() =>
        {
            Assert.That(accounts, Is.Not.Empty);
            Assert.That(faults.ToString(), Does.Contain("\"failNextCalls\":0").Or.Contain("\"remaining\":0"), "the armed 503 was consumed by the first attempt");
        });
    }
}
