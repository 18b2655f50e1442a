using System.Text.Json;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>Every value in Vectors/ik-signatures.json: published ones (each names its source) and constructed ones.</summary>
[Category(TestCategories.Fast)]
public class SignatureVectorTests
{
    public sealed record Vector(string Id, string Source, SignatureAlgorithm Algorithm, string Key,
        IReadOnlyList<KeyValuePair<string, string>> Fields, string Sign, bool SignsEveryField)
    {
        public override string ToString() => $"{Id} ({Source})";
    }

    private static IEnumerable<TestCaseData> Vectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "ik-signatures.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var note = item.GetProperty("note").GetString() ?? string.Empty;
            var vector = new Vector(
                Id: item.GetProperty("id").GetString()!,
                Source: item.GetProperty("source").GetString()!,
                Algorithm: item.GetProperty("alg").GetString() switch
                {
                    "md5" => SignatureAlgorithm.Md5,
                    "sha256" => SignatureAlgorithm.Sha256,
                    var other => throw new InvalidDataException($"Unknown algorithm {other}"),
                },
                Key: item.GetProperty("key").GetString()!,
                Fields: [.. item.GetProperty("fields").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))],
                Sign: item.GetProperty("ik_sign").GetString()!,
                SignsEveryField: note.Contains("signs every given field", StringComparison.Ordinal));
            yield return new TestCaseData(vector).SetArgDisplayNames($"{vector.Id} from {vector.Source}");
        }
    }

    [Test]
    public void The_vector_file_holds_the_five_published_values() =>
        Assert.That(Vectors().Count(), Is.EqualTo(5));

    [TestCaseSource(nameof(Vectors))]
    public void Computes_the_published_signature(Vector vector)
    {
        // The SDK vectors sign every field given, without the ik_ filter: they pin the rule's core (join, hash, Base64).
        var sign = vector.SignsEveryField
            ? Convert.ToBase64String(IkSignature.HashJoined(
                vector.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value), vector.Key, vector.Algorithm))
            : IkSignature.Compute(vector.Fields, vector.Key, vector.Algorithm);

        Assert.That(sign, Is.EqualTo(vector.Sign));
    }

    [TestCaseSource(nameof(FullRuleVectors))]
    public void Verifies_the_published_signature(Vector vector)
    {
        List<KeyValuePair<string, string>> signed = [.. vector.Fields, new("ik_sign", vector.Sign)];

        Assert.Multiple(() =>
        {
            Assert.That(IkSignature.Compute(vector.Fields, vector.Key, vector.Algorithm), Is.EqualTo(vector.Sign));
            Assert.That(IkSignature.Verify(signed, vector.Key, vector.Algorithm), Is.True);
        });
    }

    [TestCaseSource(nameof(SdkCoreVectors))]
    public void The_full_rule_leaves_out_the_sdk_vectors_fields_without_ik(Vector vector) =>
        Assert.That(IkSignature.Compute(vector.Fields, vector.Key, vector.Algorithm), Is.Not.EqualTo(vector.Sign));

    // Vectors whose every field name contains ik_ sign the same under both rules, so Verify must accept them.
    private static IEnumerable<TestCaseData> FullRuleVectors() =>
        Vectors().Where(c => ((Vector)c.Arguments[0]!).Fields.All(f => f.Key.Contains("ik_", StringComparison.Ordinal)));

    private static IEnumerable<TestCaseData> SdkCoreVectors() =>
        Vectors().Where(c => !((Vector)c.Arguments[0]!).Fields.All(f => f.Key.Contains("ik_", StringComparison.Ordinal)));
}
