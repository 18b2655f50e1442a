using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>
/// Properties over generated field sets. A seeded generator loop (not FsCheck): every run checks the
/// same cases, and a failure names the seed and case so it can be replayed.
/// </summary>
[Category(TestCategories.Fast)]
public class SignaturePropertyTests
{
    private const int Cases = 200;

    // Letters, digits, the protocol's separators, Cyrillic and other multi-byte characters; no surrogates.
    private const string ValueAlphabet = "abcXYZ019 :;=&?/+%._-АБВЖЯабвжя№€ü中";
    private const string NameAlphabet = "abcdefxyzABCDXYZ0189_";

    private static readonly SignatureAlgorithm[] Algorithms = [SignatureAlgorithm.Md5, SignatureAlgorithm.Sha256];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void The_signature_equals_the_rule_as_written(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);

            Assert.That(IkSignature.Compute(fields, key, algorithm), Is.EqualTo(IkSignature.ComputeByTheRule(fields, key, algorithm)),
                () => $"seed {seed}, case {i}: {Describe(fields)}");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void The_fast_path_takes_ordinary_field_sets_and_hashes_them_like_the_rule(int seed)
    {
        var random = new Random(seed);
        var taken = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);
            if (FastPathHashesLikeTheRule(fields, key, algorithm, $"seed {seed}, case {i}", out _))
                taken++;
        }

        // Only the occasional oversized set (one in twenty) may leave the fast path.
        Assert.That(taken, Is.GreaterThan(Cases * 8 / 10));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Field_sets_already_in_signing_order_take_the_fast_path_and_hash_like_the_rule(int seed)
    {
        var random = new Random(seed);
        var taken = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (generated, key, algorithm) = Generate(random);
            // Sorted as the signer sorts (the way PaymentFormBuilder lists its form), sometimes with a name beyond
            // ASCII (which only sorted input may carry on the fast path) and an ik_sign anywhere among them.
            var fields = generated.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            if (random.Next(4) == 0)
            {
                fields.Add(new("ik_x_цена", RandomText(random, 1, 8)));
            }

            fields.Insert(random.Next(fields.Count + 1), new(InterkassaProtocol.SignField, "x"));
            if (!FastPathHashesLikeTheRule(fields, key, algorithm, $"seed {seed}, case {i}", out var signature))
                continue;
            taken++;
            Assert.That(signature, Is.EqualTo("x"), "the ik_sign met on the way");
        }

        Assert.That(taken, Is.GreaterThan(Cases * 8 / 10));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void The_rule_as_written_agrees_with_the_tests_own_signer(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);

            Assert.That(IkSignature.ComputeByTheRule(fields, key, algorithm), Is.EqualTo(ReferenceSignature.Compute(fields, key, algorithm)),
                () => $"seed {seed}, case {i}: {Describe(fields)}");
        }
    }

    [TestCase(4)]
    [TestCase(5)]
    public void Large_field_sets_beyond_the_fast_path_sign_like_the_reference(int seed)
    {
        // Up to 90 fields: past 48 the fast path declines and the rule as written answers.
        var random = new Random(seed);
        for (var i = 0; i < 50; i++)
        {
            var fields = new List<KeyValuePair<string, string>>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var count = random.Next(33, 90);
            while (fields.Count < count)
            {
                var name = "ik_x_" + RandomText(random, 1, 6, NameAlphabet);
                if (names.Add(name))
                {
                    fields.Add(new(name, RandomText(random, 0, 10)));
                }
            }

            var key = RandomText(random, 1, 32);
            var signed = Sign(fields, key, SignatureAlgorithm.Sha256);
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(signed));

            Assert.Multiple(() =>
            {
                Assert.That(IkSignature.Compute(fields, key, SignatureAlgorithm.Sha256),
                    Is.EqualTo(IkSignature.ComputeByTheRule(fields, key, SignatureAlgorithm.Sha256)), () => $"seed {seed}, case {i}");
                Assert.That(IkSignature.Verify(signed, key, SignatureAlgorithm.Sha256), Is.True, () => $"seed {seed}, case {i}");
            });
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void The_order_of_the_fields_does_not_change_the_signature(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);
            var signed = Sign(fields, key, algorithm);
            var shuffled = signed.ToArray();
            random.Shuffle(shuffled);

            Assert.Multiple(() =>
            {
                Assert.That(IkSignature.Compute(shuffled, key, algorithm), Is.EqualTo(IkSignature.Compute(fields, key, algorithm)),
                    () => $"seed {seed}, case {i}");
                Assert.That(IkSignature.Verify(shuffled, key, algorithm), Is.True, () => $"seed {seed}, case {i}");
            });
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Changing_any_character_of_any_signed_value_breaks_verification(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);
            var signed = Sign(fields, key, algorithm);
            for (var f = 0; f < signed.Count; f++)
            {
                var (name, value) = signed[f];
                if (!IsSigned(name))
                {
                    continue;
                }

                // Every position, not a sample: "any single character".
                for (var position = 0; position < value.Length; position++)
                {
                    var tampered = signed.ToList();
                    tampered[f] = new(name, Replace(value, position, random));

                    Assert.That(IkSignature.Verify(tampered, key, algorithm), Is.False,
                        () => $"seed {seed}, case {i}: {name}[{position}] changed");
                }

                if (value.Length == 0)
                {
                    var tampered = signed.ToList();
                    tampered[f] = new(name, ValueAlphabet[random.Next(ValueAlphabet.Length)].ToString());

                    Assert.That(IkSignature.Verify(tampered, key, algorithm), Is.False, () => $"seed {seed}, case {i}: empty {name} filled");
                }
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Changing_any_character_of_the_key_breaks_verification(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);
            var signed = Sign(fields, key, algorithm);
            for (var position = 0; position < key.Length; position++)
            {
                var otherKey = Replace(key, position, random);

                Assert.That(IkSignature.Verify(signed, otherKey, algorithm), Is.False, () => $"seed {seed}, case {i}: key[{position}] changed");
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Changing_a_field_without_ik_in_its_name_keeps_the_signature_valid(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (fields, key, algorithm) = Generate(random);
            var signed = Sign(fields, key, algorithm);
            signed.Add(new("utm_source", "newsletter"));
            var changed = signed.ToList();
            changed[^1] = new("utm_source", RandomText(random, 0, 12));

            Assert.That(IkSignature.Verify(changed, key, algorithm), Is.True, () => $"seed {seed}, case {i}");
        }
    }

    private static bool IsSigned(string name) => name.Contains("ik_", StringComparison.Ordinal) && name != "ik_sign";

    private static List<KeyValuePair<string, string>> Sign(List<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm) =>
        [.. fields, new("ik_sign", IkSignature.Compute(fields, key, algorithm))];

    /// <summary>
    /// False when the fast path declines <paramref name="fields"/>; otherwise asserts that its digest is the rule's and
    /// reports the <c>ik_sign</c> it met.
    /// </summary>
    private static bool FastPathHashesLikeTheRule(List<KeyValuePair<string, string>> fields, string key, SignatureAlgorithm algorithm,
        string which, out string? signature)
    {
        Span<byte> digest = stackalloc byte[32];
        if (!IkSignatureFastPath.TryHash(fields, key, algorithm, digest, out signature))
            return false;
        Assert.That(Convert.ToBase64String(digest[..IkSignature.DigestLength(algorithm)]), Is.EqualTo(IkSignature.ComputeByTheRule(fields, key, algorithm)),
            $"{which}: {Describe(fields)}");
        return true;
    }

    private static (List<KeyValuePair<string, string>> Fields, string Key, SignatureAlgorithm Algorithm) Generate(Random random)
    {
        var count = random.Next(1, 21);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<KeyValuePair<string, string>>();
        while (fields.Count < count)
        {
            var prefix = random.Next(10) switch
            {
                0 => "_ik_x_",
                1 => "ik_x_",
                2 => "q_",
                _ => "ik_",
            };
            var name = prefix + RandomText(random, 1, 12, NameAlphabet);
            if (names.Add(name))
            {
                // One value in five is empty: empty values must keep their place in the joined string.
                fields.Add(new(name, random.Next(5) == 0 ? string.Empty : RandomText(random, 1, 20)));
            }
        }

        // Occasionally large enough to leave the fast path's 1 KB stack buffer.
        if (random.Next(20) == 0)
        {
            fields.Add(new("ik_x_large", RandomText(random, 400, 900)));
        }

        return (fields, RandomText(random, 1, 32), Algorithms[random.Next(Algorithms.Length)]);
    }

    private static string RandomText(Random random, int minLength, int maxLength, string alphabet = ValueAlphabet)
    {
        var chars = new char[random.Next(minLength, maxLength + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Replace(string text, int position, Random random)
    {
        char replacement;
        do
        {
            replacement = ValueAlphabet[random.Next(ValueAlphabet.Length)];
        }
        while (replacement == text[position]);

        return string.Concat(text.AsSpan(0, position), replacement.ToString(), text.AsSpan(position + 1));
    }

    private static string Describe(List<KeyValuePair<string, string>> fields) =>
        string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));
}
