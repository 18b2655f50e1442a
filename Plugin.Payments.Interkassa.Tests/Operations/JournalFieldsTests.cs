using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class JournalFieldsTests
{
    [Test]
    public void A_body_is_decoded_into_its_fields_in_order()
    {
        var fields = JournalFields.Decode("ik_co_id=64a7&ik_desc=%D0%9E%D0%BF%D0%BB%D0%B0%D1%82%D0%B0+%E2%84%96123&ik_am=50.00");

        Assert.That(fields, Is.EqualTo(new KeyValuePair<string, string>[] { new("ik_co_id", "64a7"), new("ik_desc", "Оплата №123"), new("ik_am", "50.00") }));
    }

    [Test]
    public void The_signature_is_shortened_to_six_characters()
    {
        var fields = JournalFields.Decode("ik_pm_no=1&ik_sign=QvJ0hK%2BvnB3nQ2sX4ZbY1w%3D%3D");

        Assert.That(fields[1], Is.EqualTo(new KeyValuePair<string, string>("ik_sign", "QvJ0hK…")));
    }

    [TestCase("", "")]
    [TestCase("abc", "abc…")]
    [TestCase("abcdef", "abcdef…")]
    [TestCase("abcdefg", "abcdef…")]
    public void Shortening_keeps_at_most_six_characters(string value, string shown) =>
        Assert.That(JournalFields.Shorten(value), Is.EqualTo(shown));

    [Test]
    public void Empty_bodies_and_odd_pairs_do_not_fail()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JournalFields.Decode(""), Is.Empty);
            Assert.That(JournalFields.Decode(null), Is.Empty);
            Assert.That(JournalFields.Decode("?a&b=&=c&d=%zz"), Is.EqualTo(new KeyValuePair<string, string>[] { new("a", ""), new("b", ""), new("", "c"), new("d", "%zz") }));
        });
    }
}
