using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ReferenceSignature = Plugin.Payments.Interkassa.Tests.Protocol.ReferenceSignature;
using SignatureAlgorithm = Plugin.Payments.Interkassa.Protocol.SignatureAlgorithm;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>Every rejection gets HTTP 400 and an error page that names the field and the problem.</summary>
[Category(TestCategories.Fast)]
public class SciValidationTests
{
    private SandboxTestHost _sandbox = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _sandbox = await SandboxTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _sandbox.DisposeAsync();

    public static IEnumerable<TestCaseData> Rejections()
    {
        yield return Case("missing ik_co_id", f => f.Remove("ik_co_id"), sign: true, "ik_co_id", "обязательное поле не заполнено");
        yield return Case("ik_am with a decimal comma", f => f["ik_am"] = "1465,01", sign: true, "ik_am", "неверный формат суммы");
        yield return Case("ik_am of zero", f => f["ik_am"] = "0", sign: true, "ik_am", "сумма должна быть больше нуля");
        yield return Case("ik_am with three decimals", f => f["ik_am"] = "10.001", sign: true, "ik_am", "неверный формат суммы");
        yield return Case("ik_pm_no with an illegal character", f => f["ik_pm_no"] = "12/34", sign: true, "ik_pm_no", "недопустимые символы");
        yield return Case("ik_desc of 256 characters", f => f["ik_desc"] = new string('я', 256), sign: true, "ik_desc", "описание длиннее 255 символов");
        yield return Case("ik_cur of two letters", f => f["ik_cur"] = "RU", sign: true, "ik_cur", "неверный код валюты");
        yield return Case("unknown checkout", f => f["ik_co_id"] = "no-such-checkout", sign: true, "ik_co_id", "касса не найдена");
        yield return Case("bad signature", f => f["ik_am"] = "50.01", sign: false, "ik_sign", "подпись неверна / signature is invalid");
        yield return Case("missing signature", f => f.Remove("ik_sign"), sign: false, "ik_sign", "подпись отсутствует");
        yield return Case("signed with the test key", f => f["ik_sign"] = ReferenceSignature.Compute(f, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), sign: false, "ik_sign", "подпись неверна");

        static TestCaseData Case(string name, Action<Dictionary<string, string>> change, bool sign, string field, string problem) =>
            new TestCaseData(change, sign, field, problem).SetName("Rejects " + name);
    }

    [TestCaseSource(nameof(Rejections))]
    public async Task Rejection_names_the_field_and_the_problem(Action<Dictionary<string, string>> change, bool resign, string field, string problem)
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed();
        change(fields);
        if (resign)
        {
            fields.Signed();
        }

        var (response, page) = await _sandbox.PostFormAsync(fields);
        using (response)
        {
            var errors = page.QuerySelectorAll("li.error").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
                Assert.That(errors.Select(e => e.GetAttribute("data-field")), Is.EqualTo(new[] { field }), "exactly one error, for the changed field");
                Assert.That(errors.Single().TextContent, Does.StartWith(field + ": ").And.Contain(problem));
            });
        }
    }

    [Test]
    public async Task A_description_of_255_Cyrillic_characters_is_accepted()
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo(), description: new string('ж', 255)).Signed();
        var action = await _sandbox.StartPaymentAsync(fields);
        Assert.That(action, Does.Contain("/pay/"));
    }

    [Test]
    public async Task A_sha256_checkout_accepts_sha256_and_rejects_md5()
    {
        var good = PaymentForms.Create(PaymentForms.NewPaymentNo(), checkoutId: TestCheckouts.Sha256Id).Signed();
        var bad = new Dictionary<string, string>(good);
        bad["ik_sign"] = ReferenceSignature.Compute(bad, TestCheckouts.Sha256Secret, SignatureAlgorithm.Md5);

        var (okResponse, _) = await _sandbox.PostFormAsync(good);
        var (badResponse, badPage) = await _sandbox.PostFormAsync(bad);
        using (okResponse)
        using (badResponse)
        {
            Assert.Multiple(() =>
            {
                Assert.That(okResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(badResponse.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(badPage.QuerySelector("li.error")?.GetAttribute("data-field"), Is.EqualTo("ik_sign"));
            });
        }
    }

    [Test]
    public async Task A_checkout_that_does_not_require_signatures_accepts_an_unsigned_form()
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo(), checkoutId: TestCheckouts.UnsignedId);
        var (response, page) = await _sandbox.PostFormAsync(fields);
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector<IHtmlFormElement>("form")?.GetAttribute("action"), Does.Contain("/pay/"));
        }
    }

    [Test]
    public async Task Query_parameters_of_a_form_post_are_not_part_of_the_signed_fields()
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed();
        using var content = new FormUrlEncodedContent(fields);
        using var response = await _sandbox.Client.PostAsync(new Uri(_sandbox.Url("/") + "?ik_x_extra=1", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_payment_number_that_is_already_paid_is_refused()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        await _sandbox.PayAsync(PaymentForms.Create(paymentNo).Signed());

        var (response, page) = await _sandbox.PostFormAsync(PaymentForms.Create(paymentNo).Signed());
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector("li.error")?.TextContent, Does.StartWith("ik_pm_no: ").And.Contain("уже оплачен"));
        }
    }
}
