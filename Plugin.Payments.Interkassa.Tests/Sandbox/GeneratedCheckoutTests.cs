using Interkassa.Sandbox;
using Microsoft.Extensions.Configuration;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>The standalone sandbox ships no keys: run without a configured checkout, it makes up its own for that run.</summary>
[Category(TestCategories.Fast)]
public sealed class GeneratedCheckoutTests
{
    [Test]
    public void Two_runs_without_a_configured_checkout_get_different_valid_keys()
    {
        var first = GeneratedCheckout.Create();
        var second = GeneratedCheckout.Create();
        var options = new ConfigurationBuilder().AddInMemoryCollection(first).Build().GetSection("Sandbox").Get<SandboxOptions>()!;
        using var console = new StringWriter();
        GeneratedCheckout.Print(first, console);

        Assert.Multiple(() =>
        {
            Assert.That(new SandboxOptionsValidator().Validate(null, options).Succeeded, Is.True);
            Assert.That(options.Checkouts.Single().Id, Does.Match("^[0-9a-f]{24}$"), "an id shaped like Interkassa's");
            foreach (var key in first.Keys.Where(k => !k.EndsWith("Algorithm", StringComparison.Ordinal)))
                Assert.That(second[key], Is.Not.EqualTo(first[key]), key);
            Assert.That(console.ToString(), Does.Contain(options.Checkouts[0].SecretKey), "the developer sees the keys once, on the console");
        });
    }
}
