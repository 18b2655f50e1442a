namespace Plugin.Payments.Interkassa.Tests;

public class SkeletonTests
{
    [Test]
    public void System_name_matches_the_fixed_contract() =>
        Assert.That(InterkassaDefaults.SystemName, Is.EqualTo("Payments.Interkassa"));
}
