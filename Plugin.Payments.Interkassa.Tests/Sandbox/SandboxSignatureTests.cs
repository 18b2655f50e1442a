using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Interkassa.Sandbox;
using ReferenceSignature = Plugin.Payments.Interkassa.Tests.Protocol.ReferenceSignature;
using SignatureAlgorithm = Plugin.Payments.Interkassa.Protocol.SignatureAlgorithm;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>The sandbox's own signer against the published vectors and the protocol's traps.</summary>
[Category(TestCategories.Fast)]
public class SandboxSignatureTests
{
    public sealed record Vector(string Id, string Alg, string Key, Dictionary<string, string> Fields, string IkSign, string Note)
    {
        /// <summary>V1/V2-style vectors sign every given field; the others apply the ik_ filter.</summary>
        public bool SignsEveryField => Note.Contains("no ik_ filter", StringComparison.Ordinal);

        public IkSignatureAlgorithm Algorithm => Alg == "sha256" ? IkSignatureAlgorithm.Sha256 : IkSignatureAlgorithm.Md5;

        public override string ToString() => Id;
    }

    public static IEnumerable<TestCaseData> Vectors() => LoadVectors().Select(v => new TestCaseData(v).SetName($"Sandbox_signer_matches_vector_{v.Id}"));

    /// <summary>Vectors whose fields all pass the ik_ filter, so they can be verified as a posted form.</summary>
    public static IEnumerable<TestCaseData> FormVectors() => LoadVectors()
        .Where(v => v.Fields.Keys.All(k => k.Contains("ik_", StringComparison.Ordinal)))
        .Select(v => new TestCaseData(v).SetName($"Sandbox_verifier_accepts_vector_{v.Id}"));

    private static IEnumerable<Vector> LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "ik-signatures.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var vector = new Vector(
                item.GetProperty("id").GetString()!,
                item.GetProperty("alg").GetString()!,
                item.GetProperty("key").GetString()!,
                item.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                item.GetProperty("ik_sign").GetString()!,
                item.TryGetProperty("note", out var note) ? note.GetString() ?? "" : "");
            yield return vector;
        }
    }

    [Test]
    public void Vector_file_has_every_published_value() =>
        Assert.That(LoadVectors().Select(v => v.Id), Is.SupersetOf(new[] { "V1-sdk-md5", "V2-sdk-sha256", "V4-node-md5", "V11-cyrillic-md5", "V11-cyrillic-sha256" }));

    [TestCaseSource(nameof(Vectors))]
    public void Sandbox_signer_matches_vector(Vector vector)
    {
        var sign = vector.SignsEveryField
            ? IkSignature.SignExactly(vector.Fields, vector.Key, vector.Algorithm)
            : IkSignature.Sign(vector.Fields, vector.Key, vector.Algorithm);
        Assert.That(sign, Is.EqualTo(vector.IkSign));
    }

    [Test]
    public void At_least_three_vectors_can_be_verified_as_forms() => Assert.That(FormVectors().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(FormVectors))]
    public void Sandbox_verifier_accepts_vector_with_its_sign(Vector vector)
    {
        var form = new Dictionary<string, string>(vector.Fields, StringComparer.Ordinal) { ["ik_sign"] = vector.IkSign };
        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Verify(form, vector.Key, vector.Algorithm), Is.True);
            Assert.That(ReferenceSignature.Verifies(form, vector.Key, vector.Alg == "sha256" ? SignatureAlgorithm.Sha256 : SignatureAlgorithm.Md5), Is.True, "the tests' own signer agrees with the vector");
            Assert.That(IkSignature.Verify(form, vector.Key + "x", vector.Algorithm), Is.False, "another key");
        });
    }

    [Test]
    public void Names_are_sorted_ordinally_so_upper_case_comes_before_lower_case()
    {
        var fields = new Dictionary<string, string> { ["ik_x_a"] = "lower", ["ik_x_B"] = "upper", ["ik_am"] = "1.00" };
        // Ordinal: ik_am < ik_x_B < ik_x_a ('B' is 0x42, 'a' is 0x61); a culture-aware sort puts ik_x_a first.
        var expected = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes("1.00:upper:lower:key")));
        Assert.That(IkSignature.Sign(fields, "key", IkSignatureAlgorithm.Md5), Is.EqualTo(expected));
    }

    [Test]
    public void Fields_without_ik_and_the_sign_itself_are_not_signed_but_empty_values_are()
    {
        var fields = new Dictionary<string, string>
        {
            ["ik_am"] = "1.00",
            ["ik_trn_id"] = "",
            ["_ik_x_user_id"] = "7",
            ["route"] = "interkassa",
            ["ik_sign"] = "whatever",
        };
        // "_ik_x_user_id" contains ik_ so it is signed, and '_' (0x5F) sorts before 'i' (0x69); the empty ik_trn_id gives "::".
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("7:1.00::key")));
        Assert.That(IkSignature.Sign(fields, "key", IkSignatureAlgorithm.Sha256), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    public void A_missing_or_empty_sign_never_verifies(string? sign)
    {
        var fields = new Dictionary<string, string> { ["ik_am"] = "1.00" };
        if (sign is not null)
        {
            fields["ik_sign"] = sign;
        }

        Assert.That(IkSignature.Verify(fields, "key", IkSignatureAlgorithm.Md5), Is.False);
    }

    [Test]
    public void Md5_and_sha256_digests_have_their_own_lengths()
    {
        var fields = new Dictionary<string, string> { ["ik_am"] = "1.00" };
        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Sign(fields, "k", IkSignatureAlgorithm.Md5), Has.Length.EqualTo(24));
            Assert.That(IkSignature.Sign(fields, "k", IkSignatureAlgorithm.Sha256), Has.Length.EqualTo(44));
        });
    }
}
