using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Plugin.Payments.Interkassa.Protocol;

namespace Interkassa.Benchmarks;

/// <summary>
/// The buyer's signed redirect: the form's fields (as PaymentFormService asks for them: 16 fields, four URLs,
/// a Cyrillic description, the order guid), its ik_sign and the action URL, next to one bare MD5 of the same
/// canonical string from precomputed UTF-8 bytes. Target: SignRedirect ≤ 1.5× BareMd5, no Uri.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SignedRedirectBenchmarks
{
    private const string Key = "Sx7pQ2vLm9RtK4aB";
    private const string Action = "https://sci.interkassa.com/";

    private readonly byte[] _digest = new byte[MD5.HashSizeInBytes];
    private PaymentFormRequest _request = null!;
    private List<KeyValuePair<string, string>> _unsigned = [];
    private byte[] _canonical = [];

    [GlobalSetup]
    public void Setup()
    {
        const string store = "https://shop.example.com/";
        _request = new PaymentFormRequest
        {
            SciUrl = Action,
            CheckoutId = "61eb4664a9d4f77b7f55e1a4",
            PaymentNo = "1001",
            Amount = 1465.01m,
            Currency = "RUB",
            Description = "Оплата заказа №1001 в магазине shop.example",
            Locale = "ru",
            PayerContact = "buyer@example.com",
            InteractionUrl = store + "Plugins/PaymentInterkassa/Notify",
            SuccessUrl = store + "Plugins/PaymentInterkassa/Success",
            FailUrl = store + "Plugins/PaymentInterkassa/Fail",
            PendingUrl = store + "Plugins/PaymentInterkassa/Pending",
            CustomFields = new Dictionary<string, string> { ["orderguid"] = "3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b" },
        };
        var form = PaymentFormBuilder.Build(_request, Key, SignatureAlgorithm.Md5);
        _unsigned = [.. form.Fields.Where(f => f.Key != InterkassaProtocol.SignField)];
        _canonical = Encoding.UTF8.GetBytes(IkSignature.BuildSignedString(_unsigned) + ":" + Key);
        if (SignRedirect().Fields[^1].Value != form.Fields[^1].Value)
        {
            throw new InvalidOperationException("The benchmark's redirect is not signed like the builder's.");
        }
    }

    [Benchmark(Baseline = true)]
    public int BareMd5() =>
#pragma warning disable CA5351 // The protocol's MD5, measured as the baseline.
        MD5.HashData(_canonical, _digest);
#pragma warning restore CA5351

    /// <summary>What PaymentFormBuilder does once the values are validated: the field list, ik_sign, the form.</summary>
    [Benchmark]
    public PaymentForm SignRedirect()
    {
        var fields = new List<KeyValuePair<string, string>>(_unsigned.Count + 1);
        fields.AddRange(_unsigned);
        fields.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(fields, Key, SignatureAlgorithm.Md5)));
        return new PaymentForm(Action, fields.AsReadOnly());
    }

    /// <summary>The whole PaymentFormBuilder.Build, validation included, for scale.</summary>
    [Benchmark]
    public PaymentForm BuildForm() => PaymentFormBuilder.Build(_request, Key, SignatureAlgorithm.Md5);
}
