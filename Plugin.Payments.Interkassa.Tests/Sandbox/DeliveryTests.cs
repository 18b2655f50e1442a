using System.Net;
using System.Text.Json;
using ReferenceSignature = Plugin.Payments.Interkassa.Tests.Protocol.ReferenceSignature;
using SignatureAlgorithm = Plugin.Payments.Interkassa.Protocol.SignatureAlgorithm;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>Retries, concurrency and the fault switches of notification delivery, through a real fake shop.</summary>
[Category(TestCategories.Fast)]
public class DeliveryTests
{
    private SandboxTestHost _sandbox = null!;
    private FakeShop _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sandbox = await SandboxTestHost.StartAsync();
        _shop = await FakeShop.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _sandbox.DisposeAsync();
        await _shop.DisposeAsync();
    }

    private static string State(JsonElement invoice) => invoice.GetProperty("deliveryState").GetString()!;

    private static List<JsonElement> Deliveries(JsonElement invoice) => [.. invoice.GetProperty("deliveries").EnumerateArray()];

    private static int? Status(JsonElement delivery) =>
        delivery.GetProperty("status").ValueKind == JsonValueKind.Null ? null : delivery.GetProperty("status").GetInt32();

    [Test]
    public async Task Delivery_is_retried_until_the_shop_answers_200_OK()
    {
        var endpoint = _shop.NewEndpoint();
        endpoint.AnswerNext((500, "ERR retry"), (500, "ERR retry"), (200, " OK\n"));
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed());

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        var deliveries = Deliveries(invoice);
        Assert.Multiple(() =>
        {
            Assert.That(State(invoice), Is.EqualTo("delivered"));
            Assert.That(deliveries.Select(d => d.GetProperty("attempt").GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(deliveries.Select(Status), Is.EqualTo(new int?[] { 500, 500, 200 }));
            Assert.That(deliveries.Select(d => d.GetProperty("ok").GetBoolean()), Is.EqualTo(new[] { false, false, true }), "the body is trimmed before comparing with OK");
            Assert.That(endpoint.Received, Has.Count.EqualTo(3));
            Assert.That(endpoint.Received.Select(r => r.Fields["ik_inv_id"]).Distinct(), Is.EqualTo(new[] { invoiceId }));
        });
    }

    [Test]
    public async Task Only_200_with_body_OK_counts_and_delivery_gives_up_after_MaxAttempts()
    {
        var endpoint = _shop.NewEndpoint();
        endpoint.AnswerNext((200, "ok"), (200, "Success"), (201, "OK"), (302, "OK"), (200, "OK"));
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed());

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        Assert.Multiple(() =>
        {
            Assert.That(State(invoice), Is.EqualTo("gaveUp"));
            Assert.That(Deliveries(invoice).Select(Status), Is.EqualTo(new int?[] { 200, 200, 201, 302 }), "MaxAttempts is 4 in the test host");
            Assert.That(endpoint.Received, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public async Task Duplicates_send_N_copies_at_the_same_time()
    {
        var endpoint = _shop.NewEndpoint();
        endpoint.HoldUntilConcurrent(5);
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("duplicates", "5"));

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        var received = endpoint.Received;
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.MaxInFlight, Is.EqualTo(5), "all five were open at once");
            Assert.That(received, Has.Count.EqualTo(5));
            Assert.That(received.Select(r => r.Fields["ik_sign"]).Distinct().Count(), Is.EqualTo(1), "identical copies");
            Assert.That(received.All(r => ReferenceSignature.Verifies(r.Fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5)), Is.True);
            Assert.That(Deliveries(invoice).Select(d => (d.GetProperty("attempt").GetInt32(), d.GetProperty("copy").GetInt32())).Order(), Is.EqualTo(new[] { (1, 1), (1, 2), (1, 3), (1, 4), (1, 5) }));
            Assert.That(State(invoice), Is.EqualTo("delivered"));
        });
    }

    [Test]
    public async Task DropFirst_loses_the_first_delivery_and_logs_it_as_dropped()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("dropFirst", "true"));

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        var deliveries = Deliveries(invoice);
        Assert.That(deliveries, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(deliveries[0].GetProperty("dropped").GetBoolean(), Is.True);
            Assert.That(Status(deliveries[0]), Is.Null);
            Assert.That(deliveries[1].GetProperty("attempt").GetInt32(), Is.EqualTo(2));
            Assert.That(Status(deliveries[1]), Is.EqualTo(200));
            Assert.That(endpoint.Received, Has.Count.EqualTo(1), "the shop saw only the retry");
        });
    }

    [Test]
    public async Task DelayMs_postpones_the_first_attempt()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("delayMs", "300"));

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) == "delivered", "delivered");
        var created = invoice.GetProperty("invoice").GetProperty("created").GetDateTimeOffset();
        var first = Deliveries(invoice)[0].GetProperty("time").GetDateTimeOffset();
        Assert.That(first - created, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public async Task Tamper_corrupts_the_signature_and_nothing_else()
    {
        var endpoint = _shop.NewEndpoint();
        var paymentNo = PaymentForms.NewPaymentNo();
        await _sandbox.PayAsync(PaymentForms.Create(paymentNo, interactionUrl: endpoint.Url).Signed(), "success", ("tamper", "true"));

        var fields = (await endpoint.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.False);
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5), Is.False);
            Assert.That(fields["ik_sign"], Has.Length.EqualTo(24), "still looks like an MD5 signature");
            Assert.That(fields["ik_pm_no"], Is.EqualTo(paymentNo));
            Assert.That(fields["ik_inv_st"], Is.EqualTo("success"));
        });
    }

    [Test]
    public async Task WrongKey_signs_with_a_key_that_is_neither_the_secret_nor_the_test_key()
    {
        var endpoint = _shop.NewEndpoint();
        await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("wrongKey", "true"));

        var fields = (await endpoint.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            foreach (var key in new[] { TestCheckouts.Md5Test, TestCheckouts.Md5Secret })
            {
                foreach (var algorithm in new[] { SignatureAlgorithm.Md5, SignatureAlgorithm.Sha256 })
                    Assert.That(ReferenceSignature.Verifies(fields, key, algorithm), Is.False, $"{key} {algorithm}");
            }

            Assert.That(fields["ik_sign"], Has.Length.EqualTo(24), "an MD5 signature, only with another key");
            Assert.That(fields["ik_pw_via"], Is.EqualTo("test_interkassa_test_xts"));
        });
    }

    [Test]
    public async Task WrongAlgorithm_signs_an_md5_checkouts_notification_with_sha256()
    {
        var endpoint = _shop.NewEndpoint();
        await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("wrongAlgorithm", "true"));

        var fields = (await endpoint.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Sha256), Is.True, "the right key, the other algorithm");
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.False);
        });
    }

    [Test]
    public async Task Drop_sends_no_attempt_at_all_and_logs_every_one_as_dropped()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("drop", "true"));

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        var deliveries = Deliveries(invoice);
        Assert.Multiple(() =>
        {
            Assert.That(State(invoice), Is.EqualTo("gaveUp"));
            Assert.That(deliveries, Has.Count.EqualTo(4), "MaxAttempts (4 in the test host), each dropped");
            Assert.That(deliveries.Select(d => d.GetProperty("dropped").GetBoolean()), Is.All.True);
            Assert.That(invoice.GetProperty("invoice").GetProperty("state").GetString(), Is.EqualTo("success"), "the invoice is paid all the same");
            Assert.That(endpoint.Received, Is.Empty);
        });
    }

    [Test]
    public async Task Unreachable_sends_every_attempt_to_a_refused_port_and_logs_the_error()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("unreachable", "true"));

        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) != "delivering", "delivery finished");
        var deliveries = Deliveries(invoice);
        Assert.Multiple(() =>
        {
            Assert.That(State(invoice), Is.EqualTo("gaveUp"));
            Assert.That(deliveries.Select(d => d.GetProperty("url").GetString()), Is.All.EqualTo("http://127.0.0.1:1/unreachable"));
            Assert.That(deliveries.Select(Status), Is.All.Null);
            Assert.That(deliveries.Select(d => d.GetProperty("error").GetString()), Is.All.Not.Empty);
            Assert.That(endpoint.Received, Is.Empty);
        });
    }

    [Test]
    public async Task Live_uses_a_live_payway_and_the_secret_key()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed(), "success", ("live", "true"));

        var fields = (await endpoint.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            Assert.That(fields["ik_pw_via"], Is.EqualTo("visa_cpaytrz_transfer_uah"));
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5), Is.True, "signed with the secret key");
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.False);
            Assert.That(fields["ik_trn_id"], Is.Not.Empty);
            Assert.That(fields["ik_inv_id"], Is.EqualTo(invoiceId));
        });
    }

    [Test]
    public async Task A_sha256_checkout_signs_notifications_with_sha256_and_its_own_commission()
    {
        var endpoint = _shop.NewEndpoint();
        await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), checkoutId: TestCheckouts.Sha256Id, amount: "1465.01", interactionUrl: endpoint.Url).Signed());

        var fields = (await endpoint.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceSignature.Verifies(fields, TestCheckouts.Sha256Test, SignatureAlgorithm.Sha256), Is.True);
            Assert.That(fields["ik_am"], Is.EqualTo("1465.01"));
            Assert.That(fields["ik_co_rfn"], Is.EqualTo("1428.3848"), "1465.01 × 0.975, 4 decimals");
        });
    }

    [Test]
    public async Task Resend_with_another_state_sends_a_late_fail_for_the_same_invoice()
    {
        var endpoint = _shop.NewEndpoint();
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed());
        await endpoint.WaitForAsync(1);

        using var content = new FormUrlEncodedContent([new("state", "fail")]);
        using var response = await _sandbox.Client.PostAsync(new Uri(_sandbox.Url($"/_sandbox/invoices/{invoiceId}/resend"), UriKind.Relative), content);
        var received = await endpoint.WaitForAsync(2);
        var invoice = await _sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) == "delivered" && i.GetProperty("rounds").GetInt32() == 2, "second round delivered");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(received.Select(r => r.Fields["ik_inv_st"]), Is.EqualTo(new[] { "success", "fail" }));
            Assert.That(received.Select(r => r.Fields["ik_inv_id"]).Distinct(), Is.EqualTo(new[] { invoiceId }));
            Assert.That(ReferenceSignature.Verifies(received[1].Fields, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.True, "a properly signed late fail");
            Assert.That(invoice.GetProperty("invoice").GetProperty("state").GetString(), Is.EqualTo("success"), "the invoice itself stays paid");
            Assert.That(Deliveries(invoice).Select(d => (d.GetProperty("round").GetInt32(), d.GetProperty("state").GetString())), Is.EqualTo(new[] { (1, "success"), (2, "fail") }));
        });
    }

    [Test]
    public async Task Resend_of_an_unknown_invoice_or_state_is_refused()
    {
        var invoiceId = await _sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed());
        using var badState = new FormUrlEncodedContent([new("state", "paid")]);
        using var unknown = await _sandbox.Client.PostAsync(new Uri(_sandbox.Url("/_sandbox/invoices/1/resend"), UriKind.Relative), null);
        using var refused = await _sandbox.Client.PostAsync(new Uri(_sandbox.Url($"/_sandbox/invoices/{invoiceId}/resend"), UriKind.Relative), badState);
        Assert.Multiple(() =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task The_buyer_is_sent_back_after_FirstAttemptWaitMs_while_a_slow_shop_is_still_answering()
    {
        await using var sandbox = await SandboxTestHost.StartAsync(overrides: new Dictionary<string, string?> { ["Delivery:FirstAttemptWaitMs"] = "100" });
        var endpoint = _shop.NewEndpoint();
        endpoint.HoldUntilReleased();
        var action = await sandbox.StartPaymentAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: endpoint.Url).Signed());

        using var response = await sandbox.ChooseAsync(action, "success");
        var invoiceId = (await endpoint.WaitForAsync(1))[0].Fields["ik_inv_id"];
        var whileHeld = await sandbox.GetInvoiceAsync(invoiceId);
        endpoint.Release();
        var after = await sandbox.WaitForInvoiceAsync(invoiceId, i => State(i) == "delivered", "delivered after release");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(Deliveries(whileHeld), Is.Empty, "the shop had not answered when the buyer was sent back");
            Assert.That(State(whileHeld), Is.EqualTo("delivering"));
            Assert.That(Deliveries(after).Select(Status), Is.EqualTo(new int?[] { 200 }));
        });
    }

    [Test]
    public async Task Configured_fault_defaults_apply_unless_the_request_overrides_them()
    {
        await using var sandbox = await SandboxTestHost.StartAsync(overrides: new Dictionary<string, string?> { ["Faults:Tamper"] = "true", ["Faults:Live"] = "true" });
        var byDefault = _shop.NewEndpoint();
        var overridden = _shop.NewEndpoint();

        await sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: byDefault.Url).Signed());
        await sandbox.PayAsync(PaymentForms.Create(PaymentForms.NewPaymentNo(), interactionUrl: overridden.Url).Signed(), "success", ("tamper", "false"), ("live", "false"));

        var tampered = (await byDefault.WaitForAsync(1))[0].Fields;
        var clean = (await overridden.WaitForAsync(1))[0].Fields;
        Assert.Multiple(() =>
        {
            Assert.That(tampered["ik_pw_via"], Is.EqualTo("visa_cpaytrz_transfer_uah"));
            Assert.That(ReferenceSignature.Verifies(tampered, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5), Is.False);
            Assert.That(clean["ik_pw_via"], Is.EqualTo("test_interkassa_test_xts"));
            Assert.That(ReferenceSignature.Verifies(clean, TestCheckouts.Md5Test, SignatureAlgorithm.Md5), Is.True);
        });
    }

    [Test]
    public async Task An_invalid_fault_switch_is_refused()
    {
        var action = await _sandbox.StartPaymentAsync(PaymentForms.Create(PaymentForms.NewPaymentNo()).Signed());
        using var response = await _sandbox.ChooseAsync(action, "success", ("duplicates", "0"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
