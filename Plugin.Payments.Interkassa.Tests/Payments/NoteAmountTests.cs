using System.Globalization;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>Amounts in order notes: the note's culture, cents as money has them, never rounding what Interkassa credited.</summary>
[Category(TestCategories.Fast)]
public sealed class NoteAmountTests
{
    [TestCase("50", "ru-RU", "50,00")]
    [TestCase("10.5", "ru-RU", "10,50")]
    [TestCase("1234.5", "ru-RU", "1 234,50")]
    [TestCase("55.0475", "ru-RU", "55,0475")]
    [TestCase("48.5000", "ru-RU", "48,50")]
    [TestCase("10.5", "en-US", "10.50")]
    [TestCase("55.0475", "uk-UA", "55,0475")]
    public void An_amount_is_written_in_the_notes_culture(string amount, string culture, string expected)
    {
        var text = string.Format(CultureInfo.GetCultureInfo(culture), "{0}", new NoteAmount(decimal.Parse(amount, CultureInfo.InvariantCulture)));

        Assert.That(text.Replace('\u00A0', ' ').Replace('\u202F', ' '), Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_amount_is_a_dash() =>
        Assert.That(string.Format(CultureInfo.GetCultureInfo("ru-RU"), "{0}", new NoteAmount(null)), Is.EqualTo("—"));
}
