using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

[Category(TestCategories.Fast)]
public class IkSignatureTests
{
    private const string Key = "SecretKey123";

    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Test]
    public void Mixed_case_custom_field_names_sort_ordinally_uppercase_first()
    {
        // Ordinal: 'B' (0x42) < 'a' (0x61). A culture-aware sort would put ik_x_a first.
        List<KeyValuePair<string, string>> fields = [F("ik_x_a", "first-by-culture"), F("ik_x_B", "first-by-ordinal"), F("ik_am", "10.00")];

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.BuildSignedString(fields), Is.EqualTo("10.00:first-by-ordinal:first-by-culture"));
            Assert.That(IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5),
                Is.EqualTo(Md5Of("10.00:first-by-ordinal:first-by-culture:" + Key)));
        });
    }

    [Test]
    public void Ordinal_order_differs_from_the_invariant_culture_order_for_these_names()
    {
        // Guards the test above: if both orders agreed, it would prove nothing.
        string[] names = ["ik_x_a", "ik_x_B"];
        var ordinal = names.Order(StringComparer.Ordinal).ToArray();
        var culture = names.Order(StringComparer.InvariantCulture).ToArray();

        Assert.That(ordinal, Is.Not.EqualTo(culture));
    }

    [Test]
    public void A_field_named_with_ik_inside_the_name_is_signed()
    {
        List<KeyValuePair<string, string>> fields = [F("ik_am", "10.00"), F("_ik_x_user_id", "42")];

        Assert.That(IkSignature.BuildSignedString(fields), Is.EqualTo("42:10.00"));
    }

    [Test]
    public void A_query_string_like_field_without_ik_is_not_signed()
    {
        List<KeyValuePair<string, string>> withQuery = [F("ik_am", "10.00"), F("r", "api/ps/interkassa"), F("IK_AM", "9")];
        List<KeyValuePair<string, string>> without = [F("ik_am", "10.00")];

        Assert.That(IkSignature.Compute(withQuery, Key, SignatureAlgorithm.Sha256),
            Is.EqualTo(IkSignature.Compute(without, Key, SignatureAlgorithm.Sha256)));
    }

    [Test]
    public void Empty_values_stay_in_the_signed_string_as_empty_elements()
    {
        List<KeyValuePair<string, string>> fields = [F("ik_a", "1"), F("ik_b", ""), F("ik_c", "3"), F("ik_d", "")];

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.BuildSignedString(fields), Is.EqualTo("1::3:"));
            Assert.That(IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5), Is.EqualTo(Md5Of("1::3::" + Key)));
        });
    }

    [Test]
    public void The_signature_field_itself_is_never_signed()
    {
        List<KeyValuePair<string, string>> fields = [F("ik_am", "10.00")];
        List<KeyValuePair<string, string>> withSign = [F("ik_am", "10.00"), F("ik_sign", "whatever")];

        Assert.That(IkSignature.Compute(withSign, Key, SignatureAlgorithm.Md5), Is.EqualTo(IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5)));
    }

    [Test]
    public void A_cyrillic_description_is_hashed_as_utf8()
    {
        List<KeyValuePair<string, string>> fields = [F("ik_desc", "Оплата заказа №1001"), F("ik_am", "50.00")];

        Assert.That(IkSignature.Compute(fields, "ключ", SignatureAlgorithm.Sha256),
            Is.EqualTo(Sha256Of("50.00:Оплата заказа №1001:ключ")));
    }

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void A_notification_signed_with_the_key_verifies(SignatureAlgorithm algorithm)
    {
        var fields = new NotificationBuilder().SignedWith(Key, algorithm);

        Assert.That(IkSignature.Verify(fields, Key, algorithm), Is.True);
    }

    [Test]
    public void A_missing_signature_does_not_verify()
    {
        var fields = new NotificationBuilder().Unsigned();

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void An_empty_signature_does_not_verify()
    {
        // The signature of nothing is still a signature: an empty ik_sign must never pass.
        var fields = new NotificationBuilder().With("ik_sign", "").Unsigned();

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void A_signature_made_with_another_key_does_not_verify()
    {
        var fields = new NotificationBuilder().SignedWith("another-key");

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void A_signature_made_with_the_other_algorithm_does_not_verify()
    {
        var fields = new NotificationBuilder().SignedWith(Key, SignatureAlgorithm.Md5);

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Sha256), Is.False);
    }

    [Test]
    public void A_hex_encoded_digest_does_not_verify()
    {
        var fields = new NotificationBuilder().Unsigned();
        var digest = Convert.FromBase64String(ReferenceSignature.Compute(fields, Key, SignatureAlgorithm.Md5));
        fields.Add(F("ik_sign", Convert.ToHexStringLower(digest)));

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void An_empty_key_verifies_nothing()
    {
        var fields = new NotificationBuilder().Unsigned();
        fields.Add(F("ik_sign", ReferenceSignature.Compute(fields, "", SignatureAlgorithm.Md5)));

        Assert.That(IkSignature.Verify(fields, "", SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void Two_signature_fields_do_not_verify_even_if_one_is_right()
    {
        var fields = new NotificationBuilder().SignedWith(Key);
        fields.Add(F("ik_sign", "AAAAAAAAAAAAAAAAAAAAAA=="));

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void A_duplicated_signed_field_is_refused_because_the_signer_kept_only_one()
    {
        var fields = new NotificationBuilder().SignedWith(Key);
        fields.Add(F("ik_am", "0.01"));

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
            Assert.That(() => IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5),
                Throws.ArgumentException.With.Message.Contains("'ik_am' occurs more than once"));
        });
    }

    [Test]
    public void A_duplicated_name_among_many_fields_is_found_too()
    {
        var fields = Enumerable.Range(0, 40).Select(i => F($"ik_x_f{i:D2}", "v")).ToList();
        fields.Add(F("ik_x_f17", "again"));
        fields.Add(F("ik_sign", ReferenceSignature.Compute(fields, Key, SignatureAlgorithm.Md5)));

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [TestCase("not base64 at all, 24 ch")]
    [TestCase("7cI9rBdQPpPTI5LLPa7Q Dw=")]
    [TestCase("7cI9rBdQPpPTI5LLPa7QDw==7cI9rBdQPpPTI5LLPa7QDw==")]
    public void A_signature_that_is_not_a_base64_digest_does_not_verify(string signature)
    {
        var fields = new NotificationBuilder().With("ik_sign", signature).Unsigned();

        Assert.That(IkSignature.Verify(fields, Key, SignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void Computing_with_an_empty_key_is_refused() =>
        Assert.That(() => IkSignature.Compute([F("ik_am", "1.00")], "", SignatureAlgorithm.Md5), Throws.ArgumentException);

    [Test]
    public void An_unknown_algorithm_is_refused() =>
        Assert.That(() => IkSignature.Compute([F("ik_am", "1.00")], Key, (SignatureAlgorithm)7), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Fields_from_a_lazy_sequence_sign_like_a_list()
    {
        var list = new NotificationBuilder().Unsigned();

        Assert.That(IkSignature.Compute(list.Select(f => f), Key, SignatureAlgorithm.Sha256),
            Is.EqualTo(IkSignature.Compute(list, Key, SignatureAlgorithm.Sha256)));
    }

    [TestCase(SignatureAlgorithm.Md5)]
    [TestCase(SignatureAlgorithm.Sha256)]
    public void Input_larger_than_the_stack_buffer_signs_and_verifies(SignatureAlgorithm algorithm)
    {
        // 60 fields of 100 Cyrillic letters: ~12 KB of UTF-8, well past the 1 KB stack buffer.
        var fields = Enumerable.Range(0, 60).Select(i => F($"ik_x_f{i:D2}", new string('Ж', 100))).ToList();
        var expected = ReferenceSignature.Compute(fields, Key, algorithm);
        fields.Add(F("ik_sign", expected));

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Compute(fields, Key, algorithm), Is.EqualTo(expected));
            Assert.That(IkSignature.Verify(fields, Key, algorithm), Is.True);
        });
    }

    [Test]
    public void Input_that_ends_exactly_at_the_stack_buffer_boundary_signs_like_the_reference()
    {
        // Past 1024 bytes the fast path declines and the rule as written signs: every length around there must agree.
        for (var length = 1000; length <= 1030; length++)
        {
            List<KeyValuePair<string, string>> fields = [F("ik_a", new string('a', length - Key.Length - 1))];

            Assert.That(IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5),
                Is.EqualTo(ReferenceSignature.Compute(fields, Key, SignatureAlgorithm.Md5)), $"canonical length {length}");
        }
    }

    private static IEnumerable<TestCaseData> InputsTheFastPathDeclines()
    {
        var ordinary = new NotificationBuilder().Signed();
        yield return new TestCaseData(Enumerable.Range(0, 49).Select(i => F($"ik_x_f{i:D2}", "v")).ToList()).SetArgDisplayNames("49 fields");
        yield return new TestCaseData(new List<KeyValuePair<string, string>> { F("ik_desc", new string('Ж', 600)) }).SetArgDisplayNames("1200 bytes");
        yield return new TestCaseData(new List<KeyValuePair<string, string>>([.. ordinary, F("ik_am", "0.01")])).SetArgDisplayNames("a repeated name");
        yield return new TestCaseData(new List<KeyValuePair<string, string>> { F("ik_am", "1"), F("ik_am", "2"), F("ik_cur", "RUB") }).SetArgDisplayNames("a repeated name, in order");
        yield return new TestCaseData(new List<KeyValuePair<string, string>>([.. ordinary, F("ik_sign", "x")])).SetArgDisplayNames("two ik_sign");
        yield return new TestCaseData(new List<KeyValuePair<string, string>>([.. ordinary, F(null!, "x")])).SetArgDisplayNames("a nameless field");
        yield return new TestCaseData(ordinary.Select(f => f)).SetArgDisplayNames("a lazy sequence");
        yield return new TestCaseData(new List<KeyValuePair<string, string>>([.. ordinary, F("ik_x_цена", "1")])).SetArgDisplayNames("a name beyond ASCII");
    }

    [TestCaseSource(nameof(InputsTheFastPathDeclines))]
    public void The_fast_path_leaves_unusual_input_to_the_rule_as_written(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var declined = !IkSignatureFastPath.TryHash(fields, Key, SignatureAlgorithm.Md5, new byte[32], out var signature);

        Assert.Multiple(() =>
        {
            Assert.That(declined, Is.True);
            Assert.That(signature, Is.Null);
        });
    }

    [Test]
    public void A_signed_name_beyond_ascii_sorts_ordinally_like_the_rule()
    {
        // 'ц' (U+0446) sorts after every ASCII character, so ik_x_цена comes last; the prefix is not the tie-breaker.
        List<KeyValuePair<string, string>> fields = [F("ik_x_цена", "3"), F("ik_x_z", "2"), F("ik_am", "1")];

        Assert.That(IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5), Is.EqualTo(Md5Of("1:2:3:" + Key)));
    }

    [Test]
    public void A_nameless_field_is_refused_when_signing_and_never_verifies()
    {
        var fields = new NotificationBuilder().Signed();
        fields.Add(F(null!, "x"));

        Assert.Multiple(() =>
        {
            Assert.That(() => IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5), Throws.ArgumentException.With.Message.Contains("no name"));
            Assert.That(IkSignature.Verify(fields, NotificationBuilder.SecretKey, SignatureAlgorithm.Md5), Is.False);
        });
    }

    [Test]
    public void Signing_allocates_nothing_but_the_signature_text()
    {
        var form = new NotificationBuilder().Unsigned();
        var digest = new byte[16];
        IkSignature.Compute(form, Key, SignatureAlgorithm.Md5);
        Convert.ToBase64String(digest);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var signature = IkSignature.Compute(form, Key, SignatureAlgorithm.Md5);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var sameLength = Convert.ToBase64String(digest);
        var textAlone = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(signature, Has.Length.EqualTo(sameLength.Length));
            Assert.That(allocated, Is.EqualTo(textAlone));
        });
    }

    private static IEnumerable<TestCaseData> IndexableInputs()
    {
        var fields = new NotificationBuilder().Signed();
        yield return new TestCaseData(fields).SetArgDisplayNames("List");
        yield return new TestCaseData(fields.ToArray()).SetArgDisplayNames("array");
        yield return new TestCaseData(fields.AsReadOnly()).SetArgDisplayNames("ReadOnlyCollection");
    }

    [TestCaseSource(nameof(IndexableInputs))]
    public void Verifying_allocates_nothing_for_indexable_input(IEnumerable<KeyValuePair<string, string>> fields)
    {
        IkSignature.Verify(fields, NotificationBuilder.SecretKey, SignatureAlgorithm.Md5);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var verified = IkSignature.Verify(fields, NotificationBuilder.SecretKey, SignatureAlgorithm.Md5);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(verified, Is.True);
            Assert.That(allocated, Is.Zero);
        });
    }

    private static string Md5Of(string text) =>
#pragma warning disable CA5351 // The protocol's MD5.
        Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static string Sha256Of(string text) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
