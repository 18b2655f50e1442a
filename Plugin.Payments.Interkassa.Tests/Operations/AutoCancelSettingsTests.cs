using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

/// <summary>The auto-cancel rule's settings: off by default, and never shorter than the payment lifetime.</summary>
[Category(TestCategories.Fast)]
public class AutoCancelSettingsTests
{
    private static List<(string Field, string Resource)> Errors(bool enabled, int hours, int lifetimeMinutes)
    {
        var settings = new InterkassaOperationsSettings { AutoCancelEnabled = enabled, AutoCancelHours = hours };
        return [.. InterkassaOperationsSettings.ValidateFields(settings), .. InterkassaOperationsSettings.ValidateAutoCancel(settings, lifetimeMinutes)];
    }

    [Test]
    public void The_rule_is_off_by_default()
    {
        var settings = new InterkassaOperationsSettings();
        Assert.Multiple(() =>
        {
            Assert.That(settings.AutoCancelEnabled, Is.False);
            Assert.That(Errors(settings.AutoCancelEnabled, settings.AutoCancelHours, lifetimeMinutes: 0), Is.Empty, "off: no lifetime needed");
        });
    }

    [TestCase(true, 0, 60)]
    [TestCase(true, 2161, 60)]
    [TestCase(false, 0, 60)]
    public void Hours_out_of_range_are_refused_next_to_the_field(bool enabled, int hours, int lifetime) =>
        Assert.That(Errors(enabled, hours, lifetime), Is.EqualTo(new[] { ("AutoCancelHours", "Operations.Errors.AutoCancelHours") }));

    [Test]
    public void On_without_a_payment_lifetime_is_refused() =>
        Assert.That(Errors(true, 72, lifetimeMinutes: 0), Is.EqualTo(new[] { ("AutoCancelHours", "Operations.Errors.AutoCancelNeedsLifetime") }));

    [TestCase(1, 60)]
    [TestCase(2, 180)]
    [TestCase(24, 1440)]
    public void On_with_a_wait_not_longer_than_the_lifetime_is_refused(int hours, int lifetime) =>
        Assert.That(Errors(true, hours, lifetime), Is.EqualTo(new[] { ("AutoCancelHours", "Operations.Errors.AutoCancelNotLonger") }));

    [TestCase(2, 60)]
    [TestCase(72, 1440)]
    [TestCase(2160, 43200)]
    public void On_with_a_wait_longer_than_the_lifetime_is_accepted(int hours, int lifetime) =>
        Assert.That(Errors(true, hours, lifetime), Is.Empty);
}
