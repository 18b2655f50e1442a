using System.Globalization;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>
/// The hand-written time check of <c>ik_inv_crt</c> / <c>ik_inv_prc</c> held to the framework's parser as the oracle:
/// <c>DateTime.TryParseExact</c> with the protocol's format and the invariant culture. Seeded, so every run checks the same cases.
/// </summary>
[Category(TestCategories.Fast)]
public class NotificationShapeTests
{
    private const string Field = "ik_inv_crt";

    // Digits, the format's separators, a space, letters, a non-ASCII digit and a full-width digit.
    private const string Alphabet = "0123456789-: T.aZ٣５";

    [TestCase("2026-12-02 04:55:00")]
    [TestCase("2024-02-29 23:59:59")]
    [TestCase("2000-02-29 00:00:00")]
    [TestCase("0001-01-01 00:00:00")]
    [TestCase("9999-12-31 23:59:59")]
    [TestCase("2023-02-29 12:00:00")]
    [TestCase("1900-02-29 12:00:00")]
    [TestCase("0000-01-01 00:00:00")]
    [TestCase("2026-13-01 00:00:00")]
    [TestCase("2026-00-10 00:00:00")]
    [TestCase("2026-04-31 00:00:00")]
    [TestCase("2026-12-02 24:00:00")]
    [TestCase("2026-12-02 23:60:00")]
    [TestCase("2026-12-02 23:59:60")]
    [TestCase("2026-12-02T04:55:00")]
    [TestCase(" 2026-12-02 04:55:00")]
    [TestCase("2026-12-02 04:55:00 ")]
    [TestCase("2026-12-2 04:55:00")]
    [TestCase("2026-12-02 4:55:00")]
    [TestCase("202６-12-02 04:55:00")]
    [TestCase("2026-12-02 04:55")]
    public void A_time_is_accepted_exactly_when_the_framework_parser_accepts_it(string value) =>
        Assert.That(NotificationShape.Check(Field, value) is null, Is.EqualTo(ByTheParser(value)), value);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Generated_and_damaged_times_agree_with_the_framework_parser(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var value = Damage(random, Generate(random));
            var byHand = NotificationShape.Check(Field, value) is null;
            Assert.That(byHand, Is.EqualTo(ByTheParser(value)), $"seed {seed}, case {i}: '{value}'");
            accepted += byHand ? 1 : 0;
        }
        Assert.That(accepted, Is.InRange(200, 1800), "the generator makes both valid and invalid times");
    }

    private static bool ByTheParser(string value) =>
        value.Length == 0 || DateTime.TryParseExact(value, InterkassaProtocol.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // Fields near and beyond the calendar's limits: month 0–13, day 0–32, hour 0–24, minute and second 0–60.
    private static string Generate(Random random) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{random.Next(0, 10000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2} {random.Next(0, 25):D2}:{random.Next(0, 61):D2}:{random.Next(0, 61):D2}");

    // Half the cases stay as generated; the rest get one character replaced, removed or added.
    private static string Damage(Random random, string value)
    {
        var position = random.Next(value.Length);
        var character = Alphabet[random.Next(Alphabet.Length)];
        return random.Next(6) switch
        {
            0 => value.Remove(position, 1).Insert(position, character.ToString()),
            1 => value.Remove(position, 1),
            2 => value.Insert(position, character.ToString()),
            _ => value,
        };
    }
}
