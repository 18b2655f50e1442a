using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

[Category(TestCategories.Fast)]
public class InterkassaKeysTests
{
    private static readonly InterkassaKeys Keys = new("secret-1", "test-1", SignatureAlgorithm.Sha256);

    [Test]
    public void The_test_payway_is_verified_with_the_test_key() =>
        Assert.That(Keys.KeyForNotification(InterkassaProtocol.TestPayway), Is.EqualTo("test-1"));

    [TestCase("visa_cpaytrz_merchant_rub")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("TEST_INTERKASSA_TEST_XTS")]
    public void Any_other_payway_is_verified_with_the_secret_key(string? payway) =>
        Assert.That(Keys.KeyForNotification(payway), Is.EqualTo("secret-1"));

    [TestCase(null)]
    [TestCase("")]
    public void A_test_payway_has_no_key_when_no_test_key_is_configured(string? testKey) =>
        Assert.That((Keys with { TestKey = testKey }).KeyForNotification(InterkassaProtocol.TestPayway), Is.Null);

    [Test]
    public void Formatting_the_keys_for_a_log_does_not_reveal_them() =>
        Assert.That(Keys.ToString(), Does.Not.Contain("secret-1").And.Not.Contain("test-1").And.Contain("Sha256"));

    [Test]
    public void Formatting_api_credentials_for_a_log_does_not_reveal_the_api_key() =>
        Assert.That(new InterkassaApiCredentials("https://api.interkassa.com/v1/", "user-1", "api-key-1", "acc-1").ToString(),
            Does.Not.Contain("api-key-1").And.Contain("user-1"));
}
