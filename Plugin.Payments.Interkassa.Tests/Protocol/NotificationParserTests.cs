using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

[Category(TestCategories.Fast)]
public class NotificationParserTests
{
    private static NotificationParseResult Parse(List<KeyValuePair<string, string>> fields, NotificationVerificationContext? context = null) =>
        NotificationParser.Parse(fields, context ?? NotificationBuilder.LiveContext());

    private static void AssertRejected(NotificationParseResult result, NotificationRejectionReason reason, string? detailContains = null)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.IsAccepted, Is.False);
            Assert.That(result.Notification, Is.Null);
            Assert.That(result.Reason, Is.EqualTo(reason));
            Assert.That(result.Detail, Is.Not.Empty);
            Assert.That(typeof(NotificationRejectionDetails).GetFields().Select(f => f.GetRawConstantValue()), Does.Contain(result.DetailCode),
                "a code the journal renders in the admin's language");
            Assert.That(result.Detail, Does.Not.Contain(NotificationBuilder.SecretKey).And.Not.Contain(NotificationBuilder.TestKey));
            if (detailContains is not null)
            {
                Assert.That(result.Detail, Does.Contain(detailContains));
            }
        });
    }

    [Test]
    public void A_signed_live_notification_is_accepted_with_every_value_typed()
    {
        var fields = new NotificationBuilder().Signed();

        var result = Parse(fields);

        Assert.That(result.IsAccepted, Is.True, result.Detail);
        var n = result.Notification!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Is.Null);
            Assert.That(n.CheckoutId, Is.EqualTo(NotificationBuilder.CheckoutId));
            Assert.That(n.InvoiceId, Is.EqualTo("341920384"));
            Assert.That(n.State, Is.EqualTo(InvoiceState.Success));
            Assert.That(n.PaymentNo, Is.EqualTo("ORD-1001"));
            Assert.That(n.Payway, Is.EqualTo("visa_cpaytrz_merchant_rub"));
            Assert.That(n.Amount, Is.EqualTo(1465.01m));
            Assert.That(n.Currency, Is.EqualTo("RUB"));
            Assert.That(n.CreditedAmount, Is.EqualTo(1421.0597m));
            Assert.That(n.PayerPrice, Is.EqualTo(1494.31m));
            Assert.That(n.Description, Is.EqualTo("Оплата заказа №1001"));
            Assert.That(n.IsTestPayment, Is.False);
            Assert.That(n.CustomFields, Is.EquivalentTo(new Dictionary<string, string> { ["order"] = "1001" }));
            Assert.That(n.RawFields, Is.EqualTo(fields));
            Assert.That(result.RawFields, Is.EqualTo(fields));
        });
    }

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void A_test_payway_notification_signed_with_the_test_key_is_accepted_in_test_mode(SignatureAlgorithm algorithm)
    {
        var fields = new NotificationBuilder().TestPayway().Signed(algorithm);
        var context = NotificationBuilder.TestContext() with
        {
            Keys = new InterkassaKeys(NotificationBuilder.SecretKey, NotificationBuilder.TestKey, algorithm),
        };

        var result = Parse(fields, context);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsAccepted, Is.True, result.Detail);
            Assert.That(result.Notification?.IsTestPayment, Is.True);
        });
    }

    [Test]
    public void A_live_payway_notification_is_also_accepted_in_test_mode()
    {
        var result = Parse(new NotificationBuilder().Signed(), NotificationBuilder.TestContext());

        Assert.That(result.IsAccepted, Is.True, result.Detail);
    }

    [TestCase("new", InvoiceState.New)]
    [TestCase("waitAccept", InvoiceState.WaitAccept)]
    [TestCase("process", InvoiceState.Process)]
    [TestCase("success", InvoiceState.Success)]
    [TestCase("canceled", InvoiceState.Canceled)]
    [TestCase("fail", InvoiceState.Fail)]
    public void Every_state_is_parsed(string wire, InvoiceState state)
    {
        var result = Parse(new NotificationBuilder().With("ik_inv_st", wire).Signed());

        Assert.That(result.Notification?.State, Is.EqualTo(state));
    }

    [Test]
    public void Custom_fields_are_keyed_without_their_prefix_and_other_fields_do_not_count()
    {
        var fields = new NotificationBuilder().With("ik_x_Store", "2").With("_ik_x_user_id", "42").With("r", "api/ps/interkassa").Signed();

        var result = Parse(fields);

        Assert.That(result.Notification?.CustomFields,
            Is.EquivalentTo(new Dictionary<string, string> { ["order"] = "1001", ["Store"] = "2" }));
    }

    [Test]
    public void A_query_string_parameter_mixed_into_the_fields_does_not_break_the_signature()
    {
        var fields = new NotificationBuilder().Signed();
        fields.Insert(0, new("r", "api/ps/interkassa"));

        Assert.That(Parse(fields).IsAccepted, Is.True);
    }

    [Test]
    [TestCase("ik_co_rfn", "n/a")]
    [TestCase("ik_inv_crt", "20.11.2025")]
    [TestCase("ik_inv_id", "34:19")]
    [TestCase("ik_pw_via", "visa:rub")]
    [TestCase("ik_trn_id", "a:b")]
    [TestCase("ik_cli", "\"x:y\"@example.com")]
    [TestCase("ik_co_prs_id", "x")]
    [TestCase("ik_ps_price", "1:2")]
    public void A_signed_value_outside_interkassas_format_is_malformed_so_a_re_cut_form_cannot_pass(string name, string value) =>
        AssertRejected(Parse(new NotificationBuilder().With(name, value).Signed()), NotificationRejectionReason.Malformed, name);

    [Test]
    public void A_signed_field_interkassa_never_sends_is_named_for_the_payments_layer()
    {
        var result = Parse(new NotificationBuilder().With("ik_zz", "1").Signed());

        Assert.Multiple(() =>
        {
            Assert.That(result.IsAccepted, Is.True, result.Detail);
            Assert.That(result.Notification?.UnknownFields, Is.EqualTo(new[] { "ik_zz" }));
        });
    }

    // malformed

    [Test]
    public void A_duplicated_field_is_malformed()
    {
        var fields = new NotificationBuilder().Signed();
        fields.Add(new("ik_am", "0.01"));

        AssertRejected(Parse(fields), NotificationRejectionReason.Malformed, "'ik_am' occurs more than once");
    }

    [TestCase("ik_co_id")]
    [TestCase("ik_inv_id")]
    [TestCase("ik_inv_st")]
    [TestCase("ik_pm_no")]
    [TestCase("ik_am")]
    [TestCase("ik_cur")]
    public void A_missing_required_field_is_malformed(string name) =>
        AssertRejected(Parse(new NotificationBuilder().Without(name).Signed()), NotificationRejectionReason.Malformed, name);

    [TestCase("ik_inv_id")]
    [TestCase("ik_pm_no")]
    public void An_empty_required_field_is_malformed(string name) =>
        AssertRejected(Parse(new NotificationBuilder().With(name, "").Signed()), NotificationRejectionReason.Malformed, name);

    [TestCase("paid")]
    [TestCase("Success")]
    [TestCase("7")]
    public void An_unknown_state_is_malformed(string state) =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_inv_st", state).Signed()), NotificationRejectionReason.Malformed, "state");

    [TestCase("1465,01")]
    [TestCase("-1465.01")]
    [TestCase("1,465.01")]
    [TestCase("1e3")]
    [TestCase(" 1465.01")]
    [TestCase("fifty")]
    public void An_amount_that_is_not_a_plain_decimal_is_malformed(string amount) =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_am", amount).Signed()), NotificationRejectionReason.Malformed, "ik_am");

    [Test]
    public void A_field_name_longer_than_64_characters_is_malformed() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_x_" + new string('n', 60), "1").Signed()), NotificationRejectionReason.Malformed);

    [Test]
    public void A_value_longer_than_2048_characters_is_malformed() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_desc", new string('d', 2049)).Signed()), NotificationRejectionReason.Malformed, "ik_desc");

    [Test]
    public void More_than_100_fields_is_malformed()
    {
        var builder = new NotificationBuilder();
        for (var i = 0; i < 90; i++)
        {
            builder.With($"ik_x_f{i}", "1");
        }

        AssertRejected(Parse(builder.Signed()), NotificationRejectionReason.Malformed, "more than 100");
    }

    [Test]
    public void A_field_without_a_name_is_malformed()
    {
        var fields = new NotificationBuilder().Signed();
        fields.Add(new("", "x"));

        AssertRejected(Parse(fields), NotificationRejectionReason.Malformed);
    }

    [Test]
    public void Malformed_is_reported_before_a_bad_signature()
    {
        var fields = new NotificationBuilder().Without("ik_cur").SignedWith("wrong-key");

        AssertRejected(Parse(fields), NotificationRejectionReason.Malformed);
    }

    // signature

    [Test]
    public void A_missing_signature_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().Unsigned()), NotificationRejectionReason.Signature, "missing");

    [Test]
    public void An_empty_signature_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_sign", "").Unsigned()), NotificationRejectionReason.Signature, "empty");

    [Test]
    public void A_signature_made_with_the_wrong_key_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().SignedWith("not-the-secret")), NotificationRejectionReason.Signature, "secret key");

    [Test]
    public void A_live_payway_notification_signed_with_the_test_key_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().SignedWith(NotificationBuilder.TestKey), NotificationBuilder.TestContext()),
            NotificationRejectionReason.Signature);

    [Test]
    public void A_test_payway_notification_signed_with_the_secret_key_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().TestPayway().SignedWith(NotificationBuilder.SecretKey), NotificationBuilder.TestContext()),
            NotificationRejectionReason.Signature, "test key");

    [Test]
    public void A_test_payway_notification_with_no_test_key_configured_is_a_signature_failure() =>
        AssertRejected(Parse(new NotificationBuilder().TestPayway().Signed(), NotificationBuilder.TestContext(testKey: null)),
            NotificationRejectionReason.Signature, "No test key");

    [Test]
    public void A_notification_signed_with_the_other_algorithm_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().Signed(SignatureAlgorithm.Sha256)), NotificationRejectionReason.Signature, "Md5");

    [Test]
    public void An_amount_changed_after_signing_is_refused()
    {
        var fields = new NotificationBuilder().Signed();
        var index = fields.FindIndex(f => f.Key == "ik_am");
        fields[index] = new("ik_am", "1.00");

        AssertRejected(Parse(fields), NotificationRejectionReason.Signature);
    }

    [Test]
    public void A_forged_notification_for_another_checkout_learns_only_that_the_signature_is_wrong() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_co_id", "another").SignedWith("guess")), NotificationRejectionReason.Signature);

    // checkout

    [Test]
    public void A_validly_signed_notification_for_another_checkout_is_refused() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_co_id", "5cc1ee513d1eaf94728b4567").Signed()), NotificationRejectionReason.Checkout);

    [Test]
    public void The_checkout_id_is_compared_exactly() =>
        AssertRejected(Parse(new NotificationBuilder().With("ik_co_id", NotificationBuilder.CheckoutId.ToUpperInvariant()).Signed()),
            NotificationRejectionReason.Checkout);

    // test-payment

    [Test]
    public void A_test_payway_notification_reaching_a_live_store_is_refused_even_when_validly_signed() =>
        AssertRejected(Parse(new NotificationBuilder().TestPayway().Signed(), NotificationBuilder.LiveContext()), NotificationRejectionReason.TestPayment);

    [Test]
    public void The_raw_fields_are_kept_on_rejection_as_received()
    {
        var fields = new NotificationBuilder().SignedWith("wrong");

        var result = Parse(fields);

        Assert.That(result.RawFields, Is.EqualTo(fields));
    }

    [Test]
    public void The_raw_fields_do_not_change_when_the_callers_list_does()
    {
        var fields = new NotificationBuilder().Signed();
        var result = Parse(fields);

        fields.Clear();

        Assert.That(result.RawFields, Has.Count.EqualTo(16));
    }

    [TestCase(NotificationRejectionReason.Malformed, "malformed")]
    [TestCase(NotificationRejectionReason.Signature, "signature")]
    [TestCase(NotificationRejectionReason.Checkout, "checkout")]
    [TestCase(NotificationRejectionReason.TestPayment, "test-payment")]
    public void Reasons_have_the_wire_names_of_the_notification_contract(NotificationRejectionReason reason, string wire) =>
        Assert.That(NotificationRejectionReasons.ToWire(reason), Is.EqualTo(wire));
}
