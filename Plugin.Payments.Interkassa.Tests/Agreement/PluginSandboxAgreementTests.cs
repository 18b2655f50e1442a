using System.Net;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Agreement;

/// <summary>
/// The plugin's protocol code and the independently written sandbox agree over real HTTP, both ways:
/// the sandbox accepts forms the plugin signed, and the plugin verifies notifications the sandbox signed.
/// </summary>
[Category(TestCategories.Fast)]
public class PluginSandboxAgreementTests
{
    private static PaymentFormRequest Request(string checkoutId, string paymentNo, Uri interactionUrl) => new()
    {
        SciUrl = "http://sandbox.invalid/",
        CheckoutId = checkoutId,
        PaymentNo = paymentNo,
        Amount = 1465.01m,
        Currency = "RUB",
        Description = "Оплата заказа №" + paymentNo,
        Locale = "ru",
        PayerContact = "buyer@example.com",
        InteractionUrl = interactionUrl.ToString(),
        SuccessUrl = "http://shop.invalid/success",
        FailUrl = "http://shop.invalid/fail",
        PendingUrl = "http://shop.invalid/pending",
        CustomFields = new Dictionary<string, string> { ["orderguid"] = "0f8fad5b-d9cb-469f-a165-70867728950e", ["B_mixed"] = "x" },
    };

    [TestCase(TestCheckouts.Md5Id, TestCheckouts.Md5Secret, TestCheckouts.Md5Test, SignatureAlgorithm.Md5)]
    [TestCase(TestCheckouts.Sha256Id, TestCheckouts.Sha256Secret, TestCheckouts.Sha256Test, SignatureAlgorithm.Sha256)]
    public async Task Sandbox_accepts_the_plugins_form_and_the_plugin_verifies_the_sandboxs_notification(
        string checkoutId, string secretKey, string testKey, SignatureAlgorithm algorithm)
    {
        await using var sandbox = await SandboxTestHost.StartAsync();
        await using var shop = await FakeShop.StartAsync();
        var endpoint = shop.NewEndpoint();
        var paymentNo = PaymentForms.NewPaymentNo();

        var form = PaymentFormBuilder.Build(Request(checkoutId, paymentNo, endpoint.Url), secretKey, algorithm);
        await sandbox.PayAsync(form.Fields, "success");
        var received = (await endpoint.WaitForAsync(1))[0];

        var fields = received.Fields.ToList();
        var context = new NotificationVerificationContext(checkoutId, new InterkassaKeys(secretKey, testKey, algorithm), TestMode: true);
        var parsed = NotificationParser.Parse(fields, context);

        Assert.That(parsed.IsAccepted, Is.True, parsed.Detail);
        var notification = parsed.Notification!;
        Assert.Multiple(() =>
        {
            Assert.That(notification.State, Is.EqualTo(InvoiceState.Success));
            Assert.That(notification.PaymentNo, Is.EqualTo(paymentNo));
            Assert.That(notification.Amount, Is.EqualTo(1465.01m));
            Assert.That(notification.Currency, Is.EqualTo("RUB"));
            Assert.That(notification.IsTestPayment, Is.True);
            Assert.That(notification.Description, Is.EqualTo("Оплата заказа №" + paymentNo));
            Assert.That(notification.CustomFields["orderguid"], Is.EqualTo("0f8fad5b-d9cb-469f-a165-70867728950e"));
            Assert.That(notification.CustomFields["B_mixed"], Is.EqualTo("x"));
        });
    }

    [Test]
    public async Task Plugin_rejects_a_tampered_sandbox_notification_and_accepts_a_live_one_only_with_the_secret_key()
    {
        await using var sandbox = await SandboxTestHost.StartAsync();
        await using var shop = await FakeShop.StartAsync();
        var tampered = shop.NewEndpoint();
        var live = shop.NewEndpoint();
        var keys = new InterkassaKeys(TestCheckouts.Md5Secret, TestCheckouts.Md5Test, SignatureAlgorithm.Md5);

        var form = PaymentFormBuilder.Build(Request(TestCheckouts.Md5Id, PaymentForms.NewPaymentNo(), tampered.Url), TestCheckouts.Md5Secret, SignatureAlgorithm.Md5);
        await sandbox.PayAsync(form.Fields, "success", ("tamper", "true"));
        var tamperedFields = (await tampered.WaitForAsync(1))[0].Fields.ToList();

        var liveForm = PaymentFormBuilder.Build(Request(TestCheckouts.Md5Id, PaymentForms.NewPaymentNo(), live.Url), TestCheckouts.Md5Secret, SignatureAlgorithm.Md5);
        await sandbox.PayAsync(liveForm.Fields, "success", ("live", "true"));
        var liveFields = (await live.WaitForAsync(1))[0].Fields.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(NotificationParser.Parse(tamperedFields, new(TestCheckouts.Md5Id, keys, TestMode: true)).Reason,
                Is.EqualTo(NotificationRejectionReason.Signature));
            var liveParsed = NotificationParser.Parse(liveFields, new(TestCheckouts.Md5Id, keys, TestMode: false));
            Assert.That(liveParsed.IsAccepted, Is.True, liveParsed.Detail);
            Assert.That(liveParsed.Notification!.IsTestPayment, Is.False);
        });
    }

    [Test]
    public async Task Sandbox_refuses_a_form_signed_with_the_wrong_key()
    {
        await using var sandbox = await SandboxTestHost.StartAsync();
        var form = PaymentFormBuilder.Build(Request(TestCheckouts.Md5Id, PaymentForms.NewPaymentNo(), new Uri("http://shop.invalid/ia")), "not-the-secret", SignatureAlgorithm.Md5);
        var (response, page) = await sandbox.PostFormAsync(form.Fields);
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.Body!.TextContent, Does.Contain("ik_sign"));
        }
    }
}
