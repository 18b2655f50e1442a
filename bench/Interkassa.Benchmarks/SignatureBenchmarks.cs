using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Plugin.Payments.Interkassa.Protocol;

namespace Interkassa.Benchmarks;

/// <summary>
/// Signing and verifying a typical notification (15 signed fields + ik_sign), next to the bare hash of the
/// same canonical string from precomputed UTF-8 bytes: the ratio is the cost of the rule itself
/// (filter, ordinal sort, encoding, Base64, constant-time compare). Target: Verify ≤ 2× the bare hash, ≤ 512 B.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SignatureBenchmarks
{
    private const string Key = "Sx7pQ2vLm9RtK4aB";

    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
    private List<KeyValuePair<string, string>> _unsigned = [];
    private List<KeyValuePair<string, string>> _signed = [];
    private byte[] _canonical = [];
    private NotificationVerificationContext _context = null!;

    [Params(SignatureAlgorithm.Md5, SignatureAlgorithm.Sha256)]
    public SignatureAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // In the order Interkassa posts them, not sorted: the sort is part of what is measured.
        _unsigned =
        [
            new("ik_co_id", "61eb4664a9d4f77b7f55e1a4"),
            new("ik_co_prs_id", "409236781473"),
            new("ik_inv_id", "341920384"),
            new("ik_inv_st", "success"),
            new("ik_inv_crt", "2025-11-20 14:03:11"),
            new("ik_inv_prc", "2025-11-20 14:05:47"),
            new("ik_trn_id", ""),
            new("ik_pm_no", "ORD-1001"),
            new("ik_pw_via", "visa_cpaytrz_merchant_rub"),
            new("ik_am", "1465.01"),
            new("ik_co_rfn", "1421.0597"),
            new("ik_ps_price", "1494.31"),
            new("ik_cur", "RUB"),
            new("ik_desc", "Оплата заказа №1001 в магазине shop.example"),
            new("ik_x_order", "1001"),
        ];
        _signed = [.. _unsigned, new(InterkassaProtocol.SignField, IkSignature.Compute(_unsigned, Key, Algorithm))];
        _canonical = Encoding.UTF8.GetBytes(IkSignature.BuildSignedString(_unsigned) + ":" + Key);
        _context = new NotificationVerificationContext("61eb4664a9d4f77b7f55e1a4", new InterkassaKeys(Key, null, Algorithm), TestMode: false);
        if (!IkSignature.Verify(_signed, Key, Algorithm) || !NotificationParser.Parse(_signed, _context).IsAccepted)
        {
            throw new InvalidOperationException("The benchmark's notification does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public int BareHash() => Algorithm == SignatureAlgorithm.Md5
#pragma warning disable CA5351 // The protocol's MD5, measured as the baseline.
        ? MD5.HashData(_canonical, _digest)
#pragma warning restore CA5351
        : SHA256.HashData(_canonical, _digest);

    [Benchmark]
    public string Sign() => IkSignature.Compute(_unsigned, Key, Algorithm);

    [Benchmark]
    public bool Verify() => IkSignature.Verify(_signed, Key, Algorithm);

    /// <summary>The whole notification check (malformed checks, signature, checkout, typed values), for scale.</summary>
    [Benchmark]
    public NotificationParseResult ParseNotification() => NotificationParser.Parse(_signed, _context);
}
