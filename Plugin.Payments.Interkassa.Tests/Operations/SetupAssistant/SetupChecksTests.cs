using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations.SetupAssistant;

[Category(TestCategories.Fast)]
public class SetupChecksTests
{
    private static readonly SetupCheckInput Good = new("61eb4664a9d4f77b7f55e1a4", HasSecretKey: true, HasTestKey: true, TestMode: true,
        "https://shop.example.com/", "https://shop.example.com/", "shop.example.com", DemoMode: false);

    [Test]
    public void A_complete_public_https_setup_passes_every_check()
    {
        var checks = SetupChecks.Run(Good);

        Assert.Multiple(() =>
        {
            Assert.That(checks.Select(c => c.Name), Is.EqualTo(new[] { "Settings", "CheckoutId", "NotifyUrl", "ReturnUrls", "StoreUrl" }));
            Assert.That(checks.Select(c => c.Level), Is.All.EqualTo(CheckLevel.Ok));
            Assert.That(Find(checks, "NotifyUrl").Args, Is.EqualTo(new[] { "https://shop.example.com/Plugins/PaymentInterkassa/Notify" }));
        });
    }

    [Test]
    public void Missing_settings_are_named_and_are_an_error()
    {
        var check = Find(SetupChecks.Run(Good with { CheckoutId = "", HasSecretKey = false, HasTestKey = false }), "Settings");

        Assert.That((check.Outcome, check.Level, check.Args), Is.EqualTo(("Missing", CheckLevel.Error, (IReadOnlyList<string>)new[] { "CheckoutId", "SecretKey", "TestKey" })).Using<(string, CheckLevel, IReadOnlyList<string>)>(
            (a, b) => a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3.SequenceEqual(b.Item3)));
    }

    [Test]
    public void The_test_key_is_only_required_in_test_mode() =>
        Assert.That(Find(SetupChecks.Run(Good with { HasTestKey = false, TestMode = false }), "Settings").Level, Is.EqualTo(CheckLevel.Ok));

    [TestCase("secret key with spaces")]
    [TestCase("61eb4664a9d4f77b7f55e1a4:")]
    [TestCase("0123456789012345678901234567890123456")]
    public void A_checkout_id_of_the_wrong_shape_is_an_error(string id) =>
        Assert.That(Find(SetupChecks.Run(Good with { CheckoutId = id }), "CheckoutId"), Is.EqualTo(new SetupCheck("CheckoutId", "BadShape", CheckLevel.Error)).Using<SetupCheck>(Same));

    [TestCase("http://localhost:5000/", "Local")]
    [TestCase("http://127.0.0.1:5000/", "Local")]
    [TestCase("https://192.168.1.20/", "Local")]
    [TestCase("https://10.0.0.5/", "Local")]
    [TestCase("https://172.20.1.1/", "Local")]
    [TestCase("https://[::1]:8443/", "Local")]
    [TestCase("https://shop.local/", "Local")]
    [TestCase("https://intranet/", "Local")]
    [TestCase("http://shop.example.com/", "Http")]
    [TestCase("https://shop.example.com/", "Ok")]
    [TestCase("https://172.32.0.1/", "Ok")]
    public void Notification_and_return_urls_warn_on_local_addresses_and_http(string location, string outcome)
    {
        var checks = SetupChecks.Run(Good with { StoreLocation = location });

        Assert.Multiple(() =>
        {
            Assert.That(Find(checks, "NotifyUrl").Outcome, Is.EqualTo(outcome));
            Assert.That(Find(checks, "ReturnUrls").Outcome, Is.EqualTo(outcome));
            Assert.That(Find(checks, "NotifyUrl").Level, Is.EqualTo(outcome == "Ok" ? CheckLevel.Ok : CheckLevel.Warning));
        });
    }

    [Test]
    public void In_demo_mode_a_local_address_is_fine_and_says_why()
    {
        var check = Find(SetupChecks.Run(Good with { StoreLocation = "http://127.0.0.1:5000/", DemoMode = true }), "NotifyUrl");

        Assert.That((check.Outcome, check.Level), Is.EqualTo(("LocalDemo", CheckLevel.Ok)));
    }

    [Test]
    public void The_store_url_is_compared_with_how_the_admin_reached_the_store()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Find(SetupChecks.Run(Good with { ConfiguredStoreUrl = "" }), "StoreUrl").Outcome, Is.EqualTo("NotSet"));
            var differs = Find(SetupChecks.Run(Good with { RequestHost = "admin.internal" }), "StoreUrl");
            Assert.That((differs.Outcome, differs.Level), Is.EqualTo(("Differs", CheckLevel.Warning)));
            Assert.That(differs.Args, Is.EqualTo(new[] { "https://shop.example.com/", "admin.internal" }));
            Assert.That(Find(SetupChecks.Run(Good with { RequestHost = "SHOP.example.com" }), "StoreUrl").Outcome, Is.EqualTo("Ok"));
        });
    }

    private static SetupCheck Find(IReadOnlyList<SetupCheck> checks, string name) => checks.Single(c => c.Name == name);

    private static bool Same(SetupCheck a, SetupCheck b) =>
        a.Name == b.Name && a.Outcome == b.Outcome && a.Level == b.Level && a.Args.SequenceEqual(b.Args);
}
