using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Settings;

[Category(TestCategories.Fast)]
public class SourceAddressFilterTests
{
    [Test]
    public void Empty_allowlist_accepts_any_address() =>
        Assert.That(SourceAddressFilter.IsAllowed("", "203.0.113.9"), Is.True);

    [Test]
    public void Address_inside_a_block_is_accepted_and_outside_refused()
    {
        const string list = "35.233.69.55/32, 151.80.190.96/29";
        Assert.Multiple(() =>
        {
            Assert.That(SourceAddressFilter.IsAllowed(list, "35.233.69.55"), Is.True);
            Assert.That(SourceAddressFilter.IsAllowed(list, "151.80.190.101"), Is.True);
            Assert.That(SourceAddressFilter.IsAllowed(list, "151.80.190.105"), Is.False);
            Assert.That(SourceAddressFilter.IsAllowed(list, null), Is.False);
        });
    }

    [Test]
    public void Ipv4_mapped_ipv6_client_address_is_matched_as_ipv4() =>
        Assert.That(SourceAddressFilter.IsAllowed("127.0.0.1", "::ffff:127.0.0.1"), Is.True);

    [Test]
    public void Unreadable_entries_are_reported()
    {
        var (networks, invalid) = SourceAddressFilter.Parse("10.0.0.0/8; not-an-ip; 300.1.1.1");
        Assert.Multiple(() =>
        {
            Assert.That(networks, Has.Count.EqualTo(1));
            Assert.That(invalid, Is.EqualTo(new[] { "not-an-ip", "300.1.1.1" }));
        });
    }
}
