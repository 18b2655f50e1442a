using System.Security.Cryptography;
using System.Text;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class SignatureSelfTestTests
{
    private const string SecretKey = "Hk7sQ2pLx9VbN3cZ";
    private static readonly DateTime Now = new(2026, 11, 28, 5, 0, 0, DateTimeKind.Utc);

    private static SelfTestReport Run(SignatureAlgorithm algorithm, string key = SecretKey) =>
        SignatureSelfTest.Build("64a7f0c1d2e3f4a5b6c7d8e9", key, algorithm, "https://sci.interkassa.com/", "RUB", "Проверка подписи", Now);

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void The_masked_output_contains_no_key(SignatureAlgorithm algorithm)
    {
        var report = Run(algorithm);

        Assert.That(report.Error, Is.Null);
        foreach (var text in SignatureSelfTest.Texts(report))
            Assert.That(text, Does.Not.Contain(SecretKey));
    }

    [Test]
    public void The_hashed_string_ends_with_the_mask_where_the_key_was()
    {
        var report = Run(SignatureAlgorithm.Md5);

        // Values in the ordinal order of the names: ik_am, ik_co_id, ik_cur, ik_desc, ik_pm_no.
        Assert.That(report.HashedString, Is.EqualTo("1.00:64a7f0c1d2e3f4a5b6c7d8e9:RUB:Проверка подписи:selftest-20261128050000:****"));
    }

    [TestCase(SignatureAlgorithm.Md5, "MD5")]
    [TestCase(SignatureAlgorithm.Sha256, "SHA-256")]
    public void The_shown_string_with_the_key_put_back_hashes_to_the_shown_signature(SignatureAlgorithm algorithm, string name)
    {
        var report = Run(algorithm);
        var unmasked = report.HashedString[..^"****".Length] + SecretKey;
        var bytes = Encoding.UTF8.GetBytes(unmasked);
#pragma warning disable CA5351 // MD5 is one of the protocol's two algorithms; this recomputes it.
        var digest = algorithm == SignatureAlgorithm.Md5 ? MD5.HashData(bytes) : SHA256.HashData(bytes);
#pragma warning restore CA5351

        Assert.Multiple(() =>
        {
            Assert.That(report.Signature, Is.EqualTo(Convert.ToBase64String(digest)));
            Assert.That(report.Algorithm, Is.EqualTo(name));
            Assert.That(report.Fields.Last(), Is.EqualTo(new KeyValuePair<string, string>("ik_sign", report.Signature)));
        });
    }

    [Test]
    public void Without_a_checkout_or_a_key_it_says_what_to_save_first()
    {
        var report = Run(SignatureAlgorithm.Md5, key: "");

        Assert.That(report.Error, Is.EqualTo("SelfTest.NotConfigured"));
        Assert.That(report.Fields, Is.Empty);
    }

    [Test]
    public void A_setting_interkassa_would_refuse_is_reported_with_its_field()
    {
        var report = SignatureSelfTest.Build("bad id with spaces", SecretKey, SignatureAlgorithm.Md5, "https://sci.interkassa.com/", "RUB", "x", Now);

        Assert.That(report.Error, Is.EqualTo("SelfTest.Invalid"));
        Assert.That(report.ErrorDetail, Does.StartWith("ik_co_id"));
        Assert.That(report.ErrorDetail, Does.Not.Contain(SecretKey));
    }
}
