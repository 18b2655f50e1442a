using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using NotificationBuilder = Plugin.Payments.Interkassa.Tests.Protocol.NotificationBuilder;

namespace Plugin.Payments.Interkassa.Tests.Operations.SetupAssistant;

/// <summary>
/// Each diagnosis from a refused notification's own fields, signed by the tests' reference signer the way the faulty
/// side would have signed it, and checked against settings as a merchant might have them.
/// </summary>
[Category(TestCategories.Fast)]
public class NotificationDiagnosisTests
{
    private const string OtherKey = "Qq9wErTy7uIoP3aS";

    [Test]
    public void A_live_notification_signed_with_sha256_while_md5_is_configured_is_a_wrong_algorithm()
    {
        var fields = new NotificationBuilder().SignedWith(NotificationBuilder.SecretKey, SignatureAlgorithm.Sha256);

        var diagnosis = Diagnose(fields, "signature", NotificationBuilder.LiveContext());

        Assert.That(diagnosis, Is.EqualTo(new Diagnosis(DiagnosisCode.WrongAlgorithm, SignatureAlgorithm.Sha256, SignatureAlgorithm.Md5)));
    }

    [Test]
    public void A_test_notification_signed_with_md5_while_sha256_is_configured_is_a_wrong_algorithm()
    {
        var fields = new NotificationBuilder().TestPayway().SignedWith(NotificationBuilder.TestKey, SignatureAlgorithm.Md5);
        var context = NotificationBuilder.TestContext() with { Keys = new InterkassaKeys(NotificationBuilder.SecretKey, NotificationBuilder.TestKey, SignatureAlgorithm.Sha256) };

        var diagnosis = Diagnose(fields, "signature", context);

        Assert.That(diagnosis, Is.EqualTo(new Diagnosis(DiagnosisCode.WrongAlgorithm, SignatureAlgorithm.Md5, SignatureAlgorithm.Sha256)));
    }

    [Test]
    public void A_live_payway_signed_with_the_test_key_in_live_mode_is_the_test_key_in_live_mode()
    {
        var fields = new NotificationBuilder().SignedWith(NotificationBuilder.TestKey);

        Assert.That(Diagnose(fields, "signature", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.TestKeyInLiveMode));
    }

    [Test]
    public void A_test_payment_refused_in_live_mode_is_the_test_key_in_live_mode()
    {
        var fields = new NotificationBuilder().TestPayway().Signed();

        Assert.That(Diagnose(fields, "test-payment", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.TestKeyInLiveMode));
    }

    [Test]
    public void A_live_payway_signed_with_the_test_key_in_test_mode_means_the_keys_are_swapped()
    {
        var fields = new NotificationBuilder().SignedWith(NotificationBuilder.TestKey);

        Assert.That(Diagnose(fields, "signature", NotificationBuilder.TestContext()).Code, Is.EqualTo(DiagnosisCode.KeysSwapped));
    }

    [Test]
    public void A_test_payway_signed_with_the_secret_key_means_the_keys_are_swapped()
    {
        var fields = new NotificationBuilder().TestPayway().SignedWith(NotificationBuilder.SecretKey);

        Assert.That(Diagnose(fields, "signature", NotificationBuilder.TestContext()).Code, Is.EqualTo(DiagnosisCode.KeysSwapped));
    }

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void A_key_that_is_neither_stored_key_with_either_algorithm_is_an_unknown_key(SignatureAlgorithm algorithm)
    {
        var live = new NotificationBuilder().SignedWith(OtherKey, algorithm);
        var test = new NotificationBuilder().TestPayway().SignedWith(OtherKey, algorithm);

        Assert.Multiple(() =>
        {
            Assert.That(Diagnose(live, "signature", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.UnknownKey));
            Assert.That(Diagnose(test, "signature", NotificationBuilder.TestContext()).Code, Is.EqualTo(DiagnosisCode.UnknownKey));
        });
    }

    [Test]
    public void A_test_payment_with_no_test_key_configured_asks_for_the_test_key()
    {
        var fields = new NotificationBuilder().TestPayway().Signed();

        Assert.That(Diagnose(fields, "signature", NotificationBuilder.TestContext(testKey: null)).Code, Is.EqualTo(DiagnosisCode.NoTestKey));
    }

    [Test]
    public void A_missing_or_empty_signature_says_so()
    {
        var missing = new NotificationBuilder().Unsigned();
        var empty = new NotificationBuilder().Unsigned();
        empty.Add(new("ik_sign", ""));

        Assert.Multiple(() =>
        {
            Assert.That(Diagnose(missing, "signature", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.NoSignature));
            Assert.That(Diagnose(empty, "signature", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.NoSignature));
        });
    }

    [Test]
    public void A_notification_for_another_checkout_says_so()
    {
        var fields = new NotificationBuilder().With("ik_co_id", "5f0a1b2c3d4e5f6a7b8c9d0e").Signed();

        Assert.That(Diagnose(fields, "checkout", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.OtherCheckout));
    }

    [TestCase("malformed", DiagnosisCode.Malformed)]
    [TestCase("order", DiagnosisCode.Order)]
    [TestCase("amount", DiagnosisCode.Amount)]
    [TestCase("currency", DiagnosisCode.Currency)]
    [TestCase("address", DiagnosisCode.Address)]
    [TestCase("unconfirmed", DiagnosisCode.Unconfirmed)]
    [TestCase("something-new", DiagnosisCode.Other)]
    public void Other_reasons_map_to_their_own_diagnosis(string reason, DiagnosisCode code) =>
        Assert.That(Diagnose(new NotificationBuilder().Signed(), reason, NotificationBuilder.LiveContext()).Code, Is.EqualTo(code));

    [Test]
    public void A_signature_that_verifies_with_the_current_settings_is_not_blamed_on_a_key()
    {
        // Refused while the settings were wrong, diagnosed after they were fixed: nothing left to tell from the signature.
        var fields = new NotificationBuilder().Signed();

        Assert.That(Diagnose(fields, "signature", NotificationBuilder.LiveContext()).Code, Is.EqualTo(DiagnosisCode.Other));
    }

    [Test]
    public void The_diagnosis_works_on_the_journaled_body_and_names_no_key()
    {
        var fields = new NotificationBuilder().SignedWith(NotificationBuilder.SecretKey, SignatureAlgorithm.Sha256);
        var body = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

        var diagnosis = NotificationDiagnosis.Diagnose(global::Plugin.Payments.Interkassa.Operations.JournalFields.DecodeForVerification(body), "signature",
            NotificationBuilder.LiveContext());

        Assert.Multiple(() =>
        {
            Assert.That(diagnosis.Code, Is.EqualTo(DiagnosisCode.WrongAlgorithm));
            Assert.That(diagnosis.ToString(), Does.Not.Contain(NotificationBuilder.SecretKey).And.Not.Contain(NotificationBuilder.TestKey));
        });
    }

    private static Diagnosis Diagnose(List<KeyValuePair<string, string>> fields, string reason, NotificationVerificationContext context) =>
        NotificationDiagnosis.Diagnose(fields, reason, context);
}
