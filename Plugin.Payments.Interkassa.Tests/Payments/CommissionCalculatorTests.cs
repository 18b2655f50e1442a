using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Payments;

[Category(TestCategories.Fast)]
public class CommissionCalculatorTests
{
    [Test]
    public void Buyer_pays_their_share_of_the_commission_plus_the_fixed_fee()
    {
        var settings = new InterkassaSettings { CommissionPercent = 4m, BuyerCommissionSharePercent = 50m, FixedFee = 10m };
        // 1000 × 4 % = 40 commission; half of it is the buyer's: 20; plus 10 fixed.
        Assert.That(CommissionCalculator.BuyerFee(1000m, settings), Is.EqualTo(30m));
    }

    [Test]
    public void Shop_carrying_the_whole_commission_charges_the_buyer_nothing() =>
        Assert.That(CommissionCalculator.BuyerFee(1000m, new InterkassaSettings { CommissionPercent = 4m, BuyerCommissionSharePercent = 0m }), Is.Zero);

    [Test]
    public void Fee_is_rounded_to_kopecks_away_from_zero()
    {
        var settings = new InterkassaSettings { CommissionPercent = 3.5m, BuyerCommissionSharePercent = 100m };
        // 50.10 × 3.5 % = 1.7535 → 1.75; 50.30 × 3.5 % = 1.7605 → 1.76.
        Assert.Multiple(() =>
        {
            Assert.That(CommissionCalculator.BuyerFee(50.10m, settings), Is.EqualTo(1.75m));
            Assert.That(CommissionCalculator.BuyerFee(50.30m, settings), Is.EqualTo(1.76m));
        });
    }

    [Test]
    public void A_share_outside_0_to_100_is_clamped() =>
        Assert.That(CommissionCalculator.BuyerFee(100m, new InterkassaSettings { CommissionPercent = 10m, BuyerCommissionSharePercent = 250m }), Is.EqualTo(10m));
}
