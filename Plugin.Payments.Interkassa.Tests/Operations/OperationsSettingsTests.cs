using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public sealed class OperationsSettingsTests
{
    [TestCase(0)]
    [TestCase(30)]
    [TestCase(365)]
    public void A_refund_lookback_from_0_to_365_days_is_accepted(int days)
    {
        var settings = new InterkassaOperationsSettings { RefundLookbackDays = days };
        Assert.That(InterkassaOperationsSettings.ValidateFields(settings), Is.Empty);
    }

    [TestCase(-1)]
    [TestCase(366)]
    public void A_refund_lookback_outside_0_to_365_days_is_refused_next_to_its_field(int days)
    {
        var settings = new InterkassaOperationsSettings { RefundLookbackDays = days };
        Assert.That(InterkassaOperationsSettings.ValidateFields(settings),
            Is.EqualTo(new[] { (nameof(InterkassaOperationsSettings.RefundLookbackDays), "Operations.Errors.RefundLookback") }));
    }

    [Test]
    public void The_refund_lookback_is_30_days_unless_set()
    {
        Assert.That(new InterkassaOperationsSettings().RefundLookbackDays, Is.EqualTo(30));
    }
}
