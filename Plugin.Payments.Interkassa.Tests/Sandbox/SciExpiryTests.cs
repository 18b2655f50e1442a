using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>
/// The sandbox honours <c>ik_exp</c> and <c>ik_ltm</c> as Interkassa does: an invoice past its expiry is not opened,
/// and a choice made too late is refused and leaves the invoice expired (API state 5). Its clock is a fake one.
/// </summary>
[Category(TestCategories.Fast)]
public class SciExpiryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
    private SandboxTestHost _sandbox = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _sandbox = await SandboxTestHost.StartAsync(time: _time);

    [OneTimeTearDown]
    public async Task StopAsync() => await _sandbox.DisposeAsync();

    private string Utc(TimeSpan fromNow) =>
        (_time.GetUtcNow() + fromNow).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Test]
    public async Task An_invoice_whose_ik_exp_has_passed_is_not_opened()
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo());
        fields["ik_exp"] = Utc(TimeSpan.FromMinutes(-1));

        var (response, page) = await _sandbox.PostFormAsync(fields.Signed());
        using (response)
        {
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(page.Body!.TextContent, Does.Contain("ik_exp").And.Contain("срок оплаты счёта истёк"));
            });
        }
    }

    [TestCase("ik_exp", "2026-12-01T22:00:00", "неверный формат срока оплаты")]
    [TestCase("ik_exp", "01.12.2026 22:00:00", "неверный формат срока оплаты")]
    [TestCase("ik_ltm", "0", "неверный срок жизни платежа")]
    [TestCase("ik_ltm", "1.5", "неверный срок жизни платежа")]
    public async Task A_malformed_expiry_is_refused(string field, string value, string message)
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo());
        fields[field] = value;

        var (response, page) = await _sandbox.PostFormAsync(fields.Signed());
        using (response)
        {
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(page.Body!.TextContent, Does.Contain(field).And.Contain(message));
            });
        }
    }

    [TestCase("ik_exp")]
    [TestCase("ik_ltm")]
    public async Task Paying_after_the_expiry_is_refused_and_the_invoice_is_expired(string field)
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var fields = PaymentForms.Create(paymentNo);
        fields[field] = field == "ik_exp" ? Utc(TimeSpan.FromMinutes(30)) : "1800";
        var action = await _sandbox.StartPaymentAsync(fields.Signed());

        _time.Advance(TimeSpan.FromMinutes(31));
        using var late = await _sandbox.ChooseAsync(action, "success");
        var page = await late.Content.ReadAsStringAsync();
        var snapshot = await _sandbox.GetJsonAsync("/_sandbox/invoices?paymentNo=" + paymentNo);

        Assert.Multiple(() =>
        {
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(page, Does.Contain("Срок оплаты истёк"));
            Assert.That(snapshot.GetArrayLength(), Is.EqualTo(1));
            Assert.That(snapshot[0].GetProperty("invoice").GetProperty("apiState").GetInt32(), Is.EqualTo(5), "expired, as the API reports it");
            Assert.That(snapshot[0].GetProperty("deliveries").GetArrayLength(), Is.Zero, "nobody paid: no notification");
        });
    }

    [Test]
    public async Task Paying_before_the_expiry_works()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var fields = PaymentForms.Create(paymentNo);
        fields["ik_exp"] = Utc(TimeSpan.FromMinutes(30));
        fields["ik_ltm"] = "1800";
        var action = await _sandbox.StartPaymentAsync(fields.Signed());

        _time.Advance(TimeSpan.FromMinutes(29));
        using var paid = await _sandbox.ChooseAsync(action, "success");
        var snapshot = await _sandbox.GetJsonAsync("/_sandbox/invoices?paymentNo=" + paymentNo);

        Assert.Multiple(() =>
        {
            Assert.That(paid.StatusCode, Is.Not.EqualTo(HttpStatusCode.Gone));
            Assert.That(snapshot[0].GetProperty("invoice").GetProperty("apiState").GetInt32(), Is.EqualTo(7), "paid");
        });
    }
}
