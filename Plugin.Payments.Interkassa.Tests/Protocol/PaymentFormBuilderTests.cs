using System.Globalization;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

[Category(TestCategories.Fast)]
public class PaymentFormBuilderTests
{
    private const string SecretKey = NotificationBuilder.SecretKey;

    private static PaymentFormRequest Minimal() => new()
    {
        SciUrl = "https://sci.interkassa.com/",
        CheckoutId = NotificationBuilder.CheckoutId,
        PaymentNo = "ORD-1001",
        Amount = 50m,
        Currency = "RUB",
        Description = "Заказ №1001 в магазине",
    };

    private static PaymentFormRequest Full() => Minimal() with
    {
        Locale = "ru",
        PayerContact = "buyer@example.com",
        InteractionUrl = "https://shop.example/Plugins/PaymentInterkassa/Notify",
        SuccessUrl = "https://shop.example/Plugins/PaymentInterkassa/Success",
        FailUrl = "https://shop.example/Plugins/PaymentInterkassa/Fail",
        FailMethod = "POST",
        PendingUrl = "https://shop.example/Plugins/PaymentInterkassa/Pending",
        Lifetime = TimeSpan.FromHours(1.5),
        PaywaysOn = ["visa_cpaytrz_merchant_rub", "mastercard_cpaytrz_merchant_rub"],
        PaywaysOff = ["test_interkassa_test_xts"],
        CustomFields = new Dictionary<string, string> { ["order"] = "1001", ["Store"] = "2", ["empty"] = "" },
    };

    [Test]
    public void A_minimal_request_has_only_the_required_fields_then_the_signature()
    {
        var form = PaymentFormBuilder.Build(Minimal(), SecretKey, SignatureAlgorithm.Md5);

        Assert.Multiple(() =>
        {
            Assert.That(form.Action, Is.EqualTo("https://sci.interkassa.com/"));
            Assert.That(form.Fields.Select(f => f.Key), Is.EqualTo(new[] { "ik_am", "ik_co_id", "ik_cur", "ik_desc", "ik_pm_no", "ik_sign" }));
            Assert.That(Value(form, "ik_am"), Is.EqualTo("50.00"));
            Assert.That(Value(form, "ik_desc"), Is.EqualTo("Заказ №1001 в магазине"));
        });
    }

    [Test]
    public void A_full_request_sends_every_option_in_wire_form()
    {
        var form = PaymentFormBuilder.Build(Full(), SecretKey, SignatureAlgorithm.Sha256);

        Assert.Multiple(() =>
        {
            Assert.That(form.Fields.Select(f => f.Key), Is.EqualTo(new[]
            {
                "ik_am", "ik_cli", "ik_co_id", "ik_cur", "ik_desc", "ik_fal_m", "ik_fal_u", "ik_ia_m", "ik_ia_u",
                "ik_loc", "ik_ltm", "ik_pm_no", "ik_pnd_m", "ik_pnd_u", "ik_pw_off", "ik_pw_on", "ik_suc_m", "ik_suc_u",
                "ik_x_Store", "ik_x_order", "ik_sign",
            }));
            Assert.That(Value(form, "ik_ia_m"), Is.EqualTo("post"));
            Assert.That(Value(form, "ik_suc_m"), Is.EqualTo("get"));
            Assert.That(Value(form, "ik_fal_m"), Is.EqualTo("post"));
            Assert.That(Value(form, "ik_ltm"), Is.EqualTo("5400"));
            Assert.That(Value(form, "ik_pw_on"), Is.EqualTo("visa_cpaytrz_merchant_rub;mastercard_cpaytrz_merchant_rub"));
            Assert.That(Value(form, "ik_x_order"), Is.EqualTo("1001"));
        });
    }

    [Test]
    public void The_form_lists_its_fields_in_the_order_they_are_signed_so_it_reads_like_the_signed_string()
    {
        var request = Full() with { ExpiresAt = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero) };
        var form = PaymentFormBuilder.Build(request, SecretKey, SignatureAlgorithm.Md5);
        var signed = form.Fields.Take(form.Fields.Count - 1).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(signed.Select(f => f.Key), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(signed.Select(f => f.Key), Does.Contain("ik_exp"));
            Assert.That(IkSignature.BuildSignedString(form.Fields), Is.EqualTo(string.Join(':', signed.Select(f => f.Value))));
        });
    }

    [Test]
    public void A_payway_chosen_in_advance_is_sent_as_ik_pw_via_with_ik_act_process_and_signed()
    {
        var form = PaymentFormBuilder.Build(Minimal() with { PayWith = "test_interkassa_test_xts" }, SecretKey, SignatureAlgorithm.Md5);

        Assert.Multiple(() =>
        {
            Assert.That(form.Fields.Select(f => f.Key), Is.EqualTo(new[] { "ik_act", "ik_am", "ik_co_id", "ik_cur", "ik_desc", "ik_pm_no", "ik_pw_via", "ik_sign" }));
            Assert.That(Value(form, "ik_act"), Is.EqualTo("process"));
            Assert.That(Value(form, "ik_pw_via"), Is.EqualTo("test_interkassa_test_xts"));
            Assert.That(Value(form, "ik_sign"), Is.EqualTo(ReferenceSignature.Compute(form.Fields, SecretKey, SignatureAlgorithm.Md5)));
        });
    }

    [TestCase("")]
    [TestCase("test:interkassa")]
    [TestCase("visa;mastercard")]
    public void A_payway_chosen_in_advance_must_be_one_alias(string payWith)
    {
        var error = Assert.Throws<PaymentFormException>(() => PaymentFormBuilder.Build(Minimal() with { PayWith = payWith }, SecretKey, SignatureAlgorithm.Md5));

        Assert.That(error!.Field, Is.EqualTo("ik_pw_via"));
    }

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void The_form_verifies_with_the_secret_key(SignatureAlgorithm algorithm)
    {
        var form = PaymentFormBuilder.Build(Full(), SecretKey, algorithm);

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Verify(form.Fields, SecretKey, algorithm), Is.True);
            Assert.That(Value(form, "ik_sign"), Is.EqualTo(ReferenceSignature.Compute(form.Fields, SecretKey, algorithm)));
            Assert.That(IkSignature.Verify(form.Fields, NotificationBuilder.TestKey, algorithm), Is.False);
        });
    }

    [Test]
    public void The_amount_uses_a_decimal_point_even_when_the_current_culture_writes_a_comma()
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
            Assert.That(1465.01m.ToString(CultureInfo.CurrentCulture), Is.EqualTo("1465,01"), "ru-RU must write a comma for this test to mean anything");

            var form = PaymentFormBuilder.Build(Minimal() with { Amount = 1465.01m }, SecretKey, SignatureAlgorithm.Md5);

            Assert.Multiple(() =>
            {
                Assert.That(Value(form, "ik_am"), Is.EqualTo("1465.01"));
                Assert.That(IkSignature.Verify(form.Fields, SecretKey, SignatureAlgorithm.Md5), Is.True);
            });
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    [TestCase("50", "50.00")]
    [TestCase("50.000", "50.00")]
    [TestCase("0.01", "0.01")]
    [TestCase("1465.1", "1465.10")]
    [TestCase("1000000.99", "1000000.99")]
    public void Amounts_are_written_with_exactly_two_decimals(string amount, string expected) =>
        Assert.That(PaymentFormBuilder.FormatAmount(decimal.Parse(amount, CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void A_lowercase_currency_is_sent_uppercase()
    {
        var form = PaymentFormBuilder.Build(Minimal() with { Currency = "rub" }, SecretKey, SignatureAlgorithm.Md5);

        Assert.That(Value(form, "ik_cur"), Is.EqualTo("RUB"));
    }

    [Test]
    public void Values_at_their_maximum_length_are_accepted()
    {
        var request = Minimal() with
        {
            CheckoutId = new string('c', 36),
            PaymentNo = new string('9', 32),
            Description = new string('Я', 255),
            PayerContact = new string('p', 52) + "@example.com",
        };

        var form = PaymentFormBuilder.Build(request, SecretKey, SignatureAlgorithm.Md5);

        Assert.That(Value(form, "ik_desc"), Has.Length.EqualTo(255));
    }

    [Test]
    public void Empty_optional_values_are_left_out()
    {
        var request = Minimal() with { Locale = "", PayerContact = "", InteractionUrl = "", SuccessUrl = null, CustomFields = new Dictionary<string, string> { ["note"] = "" } };

        var form = PaymentFormBuilder.Build(request, SecretKey, SignatureAlgorithm.Md5);

        Assert.That(form.Fields, Has.Count.EqualTo(6));
    }

    public static IEnumerable<TestCaseData> InvalidRequests()
    {
        TestCaseData Case(string field, Func<PaymentFormRequest, PaymentFormRequest> change, string what) =>
            new TestCaseData(change, field).SetName($"Refuses {what} as {field}");

        yield return Case("ik_am", r => r with { Amount = 0m }, "a zero amount");
        yield return Case("ik_am", r => r with { Amount = -10m }, "a negative amount");
        yield return Case("ik_am", r => r with { Amount = 10.005m }, "an amount with three decimals");
        yield return Case("ik_pm_no", r => r with { PaymentNo = "" }, "an empty payment number");
        yield return Case("ik_pm_no", r => r with { PaymentNo = "ORD 1001" }, "a payment number with a space");
        yield return Case("ik_pm_no", r => r with { PaymentNo = "заказ1001" }, "a payment number with non-ASCII letters");
        yield return Case("ik_pm_no", r => r with { PaymentNo = new string('1', 33) }, "a 33-character payment number");
        yield return Case("ik_co_id", r => r with { CheckoutId = new string('c', 37) }, "a 37-character checkout id");
        yield return Case("ik_co_id", r => r with { CheckoutId = "co/1" }, "a checkout id with a slash");
        yield return Case("ik_desc", r => r with { Description = "" }, "an empty description");
        yield return Case("ik_desc", r => r with { Description = "   " }, "a blank description");
        yield return Case("ik_desc", r => r with { Description = new string('d', 256) }, "a 256-character description");
        yield return Case("ik_cur", r => r with { Currency = "RU" }, "a two-letter currency");
        yield return Case("ik_cur", r => r with { Currency = "RUBL" }, "a four-letter currency");
        yield return Case("ik_cur", r => r with { Currency = "R1B" }, "a currency with a digit");
        yield return Case("ik_cur", r => r with { Currency = "РУБ" }, "a Cyrillic currency");
        yield return Case("ik_cli", r => r with { PayerContact = new string('p', 65) }, "a 65-character payer contact");
        yield return Case("ik_x_bad name", r => r with { CustomFields = new Dictionary<string, string> { ["bad name"] = "1" } }, "a custom field name with a space");
        yield return Case("ik_x_заказ", r => r with { CustomFields = new Dictionary<string, string> { ["заказ"] = "1" } }, "a Cyrillic custom field name");
        yield return Case("ik_x_", r => r with { CustomFields = new Dictionary<string, string> { [""] = "1" } }, "an empty custom field name");
        yield return Case("SciUrl", r => r with { SciUrl = "sci.interkassa.com" }, "a relative SCI URL");
        yield return Case("SciUrl", r => r with { SciUrl = "ftp://sci.interkassa.com/" }, "an ftp SCI URL");
        yield return Case("ik_ia_u", r => r with { InteractionUrl = "/Plugins/PaymentInterkassa/Notify" }, "a relative interaction URL");
        yield return Case("ik_ia_m", r => r with { InteractionUrl = "https://shop.example/n", InteractionMethod = "put" }, "an interaction method other than get or post");
        yield return Case("ik_suc_u", r => r with { SuccessUrl = "javascript:alert(1)" }, "a script success URL");
        yield return Case("ik_ltm", r => r with { Lifetime = TimeSpan.Zero }, "a zero lifetime");
        yield return Case("ik_pw_on", r => r with { PaywaysOn = ["visa;mastercard"] }, "a payway alias with a separator");
        yield return Case("ik_pw_off", r => r with { PaywaysOff = [""] }, "an empty payway alias");
        yield return Case("ik_loc", r => r with { Locale = "russian" }, "a locale that is not a language code");
    }

    [TestCaseSource(nameof(InvalidRequests))]
    public void An_invalid_value_is_refused_naming_its_field(Func<PaymentFormRequest, PaymentFormRequest> change, string field)
    {
        var request = change(Full());

        var error = Assert.Throws<PaymentFormException>(() => PaymentFormBuilder.Build(request, SecretKey, SignatureAlgorithm.Md5));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Field, Is.EqualTo(field));
            Assert.That(error.Message, Is.Not.Empty);
            Assert.That(error.Message, Does.Not.Contain(SecretKey));
        });
    }

    [Test]
    public void The_expiry_is_sent_as_ik_exp_in_utc_to_the_second_beside_ik_ltm_and_signed()
    {
        // 03:04:05.9 at UTC+3 is 00:04:05 UTC; the fraction is dropped (never later than the store meant).
        var request = Full() with { ExpiresAt = new DateTimeOffset(2026, 12, 2, 3, 4, 5, 900, TimeSpan.FromHours(3)) };

        var form = PaymentFormBuilder.Build(request, SecretKey, SignatureAlgorithm.Md5);
        var moved = form.Fields.Select(f => f.Key == "ik_exp" ? new KeyValuePair<string, string>(f.Key, "2026-12-03 00:04:05") : f).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Value(form, "ik_exp"), Is.EqualTo("2026-12-02 00:04:05"));
            Assert.That(Value(form, "ik_ltm"), Is.EqualTo("5400"));
            Assert.That(IkSignature.Verify(form.Fields, SecretKey, SignatureAlgorithm.Md5), Is.True);
            Assert.That(Value(form, "ik_sign"), Is.EqualTo(ReferenceSignature.Compute(form.Fields, SecretKey, SignatureAlgorithm.Md5)));
            Assert.That(IkSignature.Verify(moved, SecretKey, SignatureAlgorithm.Md5), Is.False, "a later expiry breaks the signature");
        });
    }

    [Test]
    public void Without_an_expiry_no_ik_exp_is_sent() =>
        Assert.That(PaymentFormBuilder.Build(Full(), SecretKey, SignatureAlgorithm.Md5).Fields.Select(f => f.Key), Has.None.EqualTo("ik_exp"));

    private static string Value(PaymentForm form, string name) => form.Fields.Single(f => f.Key == name).Value;
}
