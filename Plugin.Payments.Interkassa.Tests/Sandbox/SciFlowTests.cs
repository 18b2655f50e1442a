using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;
using ReferenceSignature = Plugin.Payments.Interkassa.Tests.Protocol.ReferenceSignature;
using SignatureAlgorithm = Plugin.Payments.Interkassa.Protocol.SignatureAlgorithm;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>
/// The buyer's path through the sandbox — form, payment page, choice, notification, return — standalone,
/// mounted under the store's prefix, and mounted behind a PathBase as well.
/// </summary>
[TestFixture("", "")]
[TestFixture("/sandbox/interkassa", "")]
[TestFixture("/sandbox/interkassa", "/store")]
[Category(TestCategories.Fast)]
public partial class SciFlowTests(string prefix, string pathBase)
{
    private SandboxTestHost _sandbox = null!;
    private FakeShop _shop = null!;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex TimePattern();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sandbox = await SandboxTestHost.StartAsync(prefix, pathBase);
        _shop = await FakeShop.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _sandbox.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Test]
    public async Task Payment_page_shows_amount_currency_Cyrillic_description_and_payment_number()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var (response, page) = await _sandbox.PostFormAsync(PaymentForms.Create(paymentNo, amount: "50").Signed());
        using (response)
        {
            var buttons = page.QuerySelectorAll("button[name=choice]").Select(b => (b.GetAttribute("value"), b.TextContent)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(response.Content.Headers.ContentType?.CharSet, Is.EqualTo("utf-8"));
                Assert.That(page.GetElementById("amount")?.TextContent, Is.EqualTo("50.00"));
                Assert.That(page.GetElementById("currency")?.TextContent, Is.EqualTo("RUB"));
                Assert.That(page.GetElementById("description")?.TextContent, Is.EqualTo(PaymentForms.CyrillicDescription + paymentNo));
                Assert.That(page.GetElementById("payment-no")?.TextContent, Is.EqualTo(paymentNo));
                Assert.That(buttons, Is.EqualTo(new[]
                {
                    ("success", "Оплатить / Pay"),
                    ("fail", "Отказ / Fail"),
                    ("pending", "Оставить в ожидании / Leave pending"),
                }));
                Assert.That(page.QuerySelector<IHtmlFormElement>("form")?.GetAttribute("action"), Does.Match($"^{Regex.Escape(pathBase + prefix)}/pay/[0-9a-f]{{32}}$"));
            });
        }
    }

    [Test]
    public async Task Html_in_the_description_is_encoded()
    {
        var (response, page) = await _sandbox.PostFormAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), description: "<script>alert(1)</script> & \"quotes\"").Signed());
        using (response)
        {
            Assert.Multiple(() =>
            {
                Assert.That(page.QuerySelectorAll("script"), Is.Empty);
                Assert.That(page.GetElementById("description")?.TextContent, Is.EqualTo("<script>alert(1)</script> & \"quotes\""));
            });
        }
    }

    [Test]
    public async Task Paying_sends_a_notification_signed_with_the_test_key_and_returns_the_buyer_to_the_success_url()
    {
        var endpoint = _shop.NewEndpoint();
        var paymentNo = PaymentForms.NewPaymentNo();
        var action = await _sandbox.StartPaymentAsync(PaymentForms.Create(paymentNo, interactionUrl: endpoint.Url).Signed());

        using var response = await _sandbox.ChooseAsync(action, "success");
        var notification = (await endpoint.WaitForAsync(1)).Single();
        var fields = notification.Fields;

        Assert.Multiple(() =>
        {
            Assert.That(notification.Method, Is.EqualTo("POST"));
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.True, "signed with the test key");
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5), Is.False, "not with the secret key");
            Assert.That(fields["ik_co_id"], Is.EqualTo(TestCheckouts.Md5Id));
            Assert.That(fields["ik_inv_st"], Is.EqualTo("success"));
            Assert.That(fields["ik_inv_id"], Does.Match("^[0-9]{9,}$"));
            Assert.That(fields["ik_pm_no"], Is.EqualTo(paymentNo));
            Assert.That(fields["ik_am"], Is.EqualTo("50.00"));
            Assert.That(fields["ik_co_rfn"], Is.EqualTo("48.5000"), "3% commission, 4 decimals");
            Assert.That(fields["ik_ps_price"], Is.EqualTo("50.00"));
            Assert.That(fields["ik_cur"], Is.EqualTo("RUB"));
            Assert.That(fields["ik_desc"], Is.EqualTo(PaymentForms.CyrillicDescription + paymentNo));
            Assert.That(fields["ik_pw_via"], Is.EqualTo("test_interkassa_test_xts"));
            Assert.That(fields["ik_trn_id"], Is.Empty);
            Assert.That(fields["ik_co_prs_id"], Does.Match("^[0-9]{12}$"));
            Assert.That(fields["ik_inv_crt"], Does.Match(TimePattern()));
            Assert.That(fields["ik_inv_prc"], Does.Match(TimePattern()));
            Assert.That(fields["ik_x_order"], Is.EqualTo(paymentNo));
            Assert.That(fields["ik_x_Store"], Is.EqualTo("1"));
            Assert.That(fields["ik_cli"], Is.EqualTo("buyer@example.com"));
            Assert.That(notification.Query["route"], Is.EqualTo("interkassa"), "the interaction URL's own query is kept");
            Assert.That(fields, Does.Not.ContainKey("ik_suc_u"), "return URLs are not echoed");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Multiple(() =>
        {
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("http://shop.example/Plugins/PaymentInterkassa/Success"));
            Assert.That(query.Keys, Is.EquivalentTo(new[] { "lang", "ik_co_id", "ik_inv_id", "ik_inv_st", "ik_pm_no" }), "the URL's own query plus the four unsigned fields");
            Assert.That(query["ik_inv_id"].ToString(), Is.EqualTo(fields["ik_inv_id"]));
            Assert.That(query["ik_inv_st"].ToString(), Is.EqualTo("success"));
            Assert.That(query["ik_pm_no"].ToString(), Is.EqualTo(paymentNo));
            Assert.That(query["ik_co_id"].ToString(), Is.EqualTo(TestCheckouts.Md5Id));
        });

        var invoice = await _sandbox.WaitForInvoiceAsync(fields["ik_inv_id"], i => i.GetProperty("deliveryState").GetString() == "delivered", "delivered");
        var deliveries = invoice.GetProperty("deliveries");
        Assert.That(deliveries.GetArrayLength(), Is.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(deliveries[0].GetProperty("attempt").GetInt32(), Is.EqualTo(1));
            Assert.That(deliveries[0].GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(deliveries[0].GetProperty("body").GetString(), Is.EqualTo("OK"));
        });
    }

    [TestCase("fail", "fail", "http://shop.example/Plugins/PaymentInterkassa/Fail", 8)]
    [TestCase("pending", "waitAccept", "http://shop.example/Plugins/PaymentInterkassa/Pending", 2)]
    public async Task Other_choices_notify_their_state_and_return_to_their_url(string choice, string state, string returnUrl, int apiState)
    {
        var endpoint = _shop.NewEndpoint();
        var paymentNo = PaymentForms.NewPaymentNo();
        var action = await _sandbox.StartPaymentAsync(PaymentForms.Create(paymentNo, interactionUrl: endpoint.Url).Signed());

        using var response = await _sandbox.ChooseAsync(action, choice);
        var fields = (await endpoint.WaitForAsync(1)).Single().Fields;
        var invoice = await _sandbox.GetInvoiceAsync(fields["ik_inv_id"]);

        Assert.Multiple(() =>
        {
            Assert.That(fields["ik_inv_st"], Is.EqualTo(state));
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.True);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(response.Headers.Location!.GetLeftPart(UriPartial.Path), Is.EqualTo(returnUrl));
            Assert.That(QueryHelpers.ParseQuery(response.Headers.Location.Query)["ik_inv_st"].ToString(), Is.EqualTo(state));
            Assert.That(invoice.GetProperty("invoice").GetProperty("state").GetString(), Is.EqualTo(state));
            Assert.That(invoice.GetProperty("invoice").GetProperty("apiState").GetInt32(), Is.EqualTo(apiState));
        });
    }

    [Test]
    public async Task A_post_return_method_gives_a_self_submitting_form_with_a_visible_button()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var fields = PaymentForms.Create(paymentNo);
        fields["ik_suc_m"] = "post";
        var action = await _sandbox.StartPaymentAsync(fields.Signed());

        using var response = await _sandbox.ChooseAsync(action, "success");
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var form = page.QuerySelector<IHtmlFormElement>("form#return");
        Assert.That(form, Is.Not.Null);
        var hidden = form!.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(form.Method, Is.EqualTo("post"));
            Assert.That(form.GetAttribute("action"), Is.EqualTo("http://shop.example/Plugins/PaymentInterkassa/Success?lang=ru"));
            Assert.That(hidden.Keys, Is.EquivalentTo(new[] { "ik_co_id", "ik_inv_id", "ik_inv_st", "ik_pm_no" }));
            Assert.That(hidden["ik_pm_no"], Is.EqualTo(paymentNo));
            Assert.That(form.QuerySelector("button[type=submit]")?.TextContent, Does.Contain("Вернуться в магазин"));
            Assert.That(page.QuerySelector("script")?.TextContent, Does.Contain("submit()"));
        });
    }

    [Test]
    public async Task Without_a_return_url_the_buyer_sees_a_result_page()
    {
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo());
        fields.Remove("ik_fal_u");
        var action = await _sandbox.StartPaymentAsync(fields.Signed());

        using var response = await _sandbox.ChooseAsync(action, "fail");
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector("h1")?.TextContent, Is.EqualTo("Платёж отклонён"));
            Assert.That(page.GetElementById("state")?.TextContent, Is.EqualTo("fail"));
            Assert.That(page.GetElementById("invoice-id")?.TextContent, Does.Match("^[0-9]{9,}$"));
        });
    }

    [Test]
    public async Task A_get_link_starts_a_payment_and_a_get_interaction_method_notifies_by_query()
    {
        var endpoint = _shop.NewEndpoint();
        var fields = PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url);
        fields["ik_ia_m"] = "get";
        var link = QueryHelpers.AddQueryString(_sandbox.Url("/"), fields.Signed()!);

        using var pageResponse = await _sandbox.Client.GetAsync(new Uri(link, UriKind.Relative));
        var page = new HtmlParser().ParseDocument(await pageResponse.Content.ReadAsStringAsync());
        var action = page.QuerySelector<IHtmlFormElement>("form")!.GetAttribute("action")!;
        using var response = await _sandbox.ChooseAsync(action, "success");
        var notification = (await endpoint.WaitForAsync(1)).Single();
        var signed = notification.Query.Where(q => q.Key != "route").ToDictionary(q => q.Key, q => q.Value);

        Assert.Multiple(() =>
        {
            Assert.That(pageResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(notification.Method, Is.EqualTo("GET"));
            Assert.That(notification.Fields, Is.Empty);
            Assert.That(notification.Query["route"], Is.EqualTo("interkassa"));
            Assert.That(ReferenceSignature.Verifies(signed, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.True);
        });
    }

    [Test]
    public async Task A_payment_with_the_test_payway_chosen_in_advance_offers_no_live_payway_and_pays_with_the_test_one()
    {
        var paymentNo = PaymentForms.NewPaymentNo();
        var form = PaymentForms.Create(paymentNo);
        form["ik_act"] = "process";
        form["ik_pw_via"] = "test_interkassa_test_xts";
        var (response, page) = await _sandbox.PostFormAsync(form.Signed());
        using (response)
        {
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page.GetElementById("payway")?.TextContent, Does.Contain("test_interkassa_test_xts"));
                Assert.That(page.QuerySelector("input[name=live]"), Is.Null, "no live payway offered");
            });
        }

        var action = page.QuerySelector<IHtmlFormElement>("form")!.GetAttribute("action")!;
        using var live = await _sandbox.ChooseAsync(action, "success", ("live", "true"));
        using var paid = await _sandbox.ChooseAsync(action, "success");
        var invoice = (await _sandbox.FindByPaymentNoAsync(paymentNo)).GetProperty("invoice");
        Assert.Multiple(() =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a live payment is refused");
            Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(invoice.GetProperty("payway").GetString(), Is.EqualTo("test_interkassa_test_xts"));
        });
    }

    [Test]
    public async Task A_payment_can_be_decided_only_once()
    {
        var action = await _sandbox.StartPaymentAsync(PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed());
        using var first = await _sandbox.ChooseAsync(action, "fail");
        using var second = await _sandbox.ChooseAsync(action, "success");
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    [Test]
    public async Task An_unknown_choice_or_payment_is_refused()
    {
        var action = await _sandbox.StartPaymentAsync(PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed());
        using var badChoice = await _sandbox.ChooseAsync(action, "maybe");
        using var unknown = await _sandbox.ChooseAsync(_sandbox.Url("/pay/0123456789abcdef0123456789abcdef"), "success");
        Assert.Multiple(() =>
        {
            Assert.That(badChoice.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_bare_get_shows_the_landing_page_with_links_under_the_mount()
    {
        using var response = await _sandbox.Client.GetAsync(new Uri(_sandbox.Url("/"), UriKind.Relative));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector("h1")?.TextContent, Is.EqualTo("Песочница Интеркассы"));
            Assert.That(page.QuerySelector("a")?.GetAttribute("href"), Is.EqualTo(pathBase + prefix + "/_sandbox/invoices"));
        });
    }
}
