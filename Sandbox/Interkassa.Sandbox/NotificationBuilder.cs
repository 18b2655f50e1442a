using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Interkassa.Sandbox;

/// <summary>Builds the signed fields Interkassa posts to the shop's interaction URL (its notification).</summary>
public static class NotificationBuilder
{
    public const string TestPayway = "test_interkassa_test_xts";
    public const string LivePayway = "visa_cpaytrz_transfer_uah";

    public static string PaywayFor(bool live) => live ? LivePayway : TestPayway;

    public static Dictionary<string, string> Build(
        SandboxInvoice invoice,
        SandboxPayment payment,
        SandboxCheckoutOptions checkout,
        string state,
        bool tamper,
        bool wrongKey = false,
        bool wrongAlgorithm = false)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(checkout);
        var live = !string.Equals(invoice.Payway, TestPayway, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ik_co_id"] = invoice.CheckoutId,
            ["ik_co_prs_id"] = PurseId(invoice.CheckoutId, invoice.Currency),
            ["ik_inv_id"] = invoice.Id,
            ["ik_inv_st"] = state,
            ["ik_inv_crt"] = IkFormat.Time(invoice.Created),
            ["ik_inv_prc"] = IkFormat.Time(invoice.Processed),
            // Test payments carry no payment-system transaction.
            ["ik_trn_id"] = live ? "T" + invoice.Id : "",
            ["ik_pm_no"] = invoice.PaymentNo,
            ["ik_pw_via"] = invoice.Payway,
            ["ik_am"] = IkFormat.Money(invoice.Amount),
            ["ik_co_rfn"] = IkFormat.Money4(invoice.CoRfn),
            ["ik_ps_price"] = IkFormat.Money(invoice.PsPrice),
            ["ik_cur"] = invoice.Currency,
            ["ik_desc"] = invoice.Description,
        };

        foreach (var (name, value) in payment.Fields)
        {
            if (name.StartsWith("ik_x_", StringComparison.Ordinal))
            {
                fields[name] = value;
            }
        }

        if (payment.Field("ik_cli") is { } client)
        {
            fields["ik_cli"] = client;
        }

        _ = IkSignature.TryParseAlgorithm(checkout.Algorithm, out var algorithm);
        if (wrongAlgorithm)
        {
            algorithm = algorithm == IkSignatureAlgorithm.Md5 ? IkSignatureAlgorithm.Sha256 : IkSignatureAlgorithm.Md5;
        }

        var key = wrongKey ? OtherKey(checkout) : live ? checkout.SecretKey : checkout.TestKey;
        var sign = IkSignature.Sign(fields, key, algorithm);
        fields[IkSignature.SignField] = tamper ? Corrupt(sign) : sign;
        return fields;
    }

    /// <summary>ik_co_rfn: what the checkout is credited after the sandbox's commission.</summary>
    public static decimal Credited(decimal amount, decimal commissionPercent) =>
        Math.Round(amount * (1 - (commissionPercent / 100m)), 4, MidpointRounding.AwayFromZero);

    /// <summary>A key derived from the checkout's own keys, so it differs from both of them.</summary>
    private static string OtherKey(SandboxCheckoutOptions checkout) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("other:" + checkout.SecretKey + ":" + checkout.TestKey)))[..16];

    /// <summary>Still valid Base64 of the right length, so only the signature check can catch it.</summary>
    private static string Corrupt(string sign) => (sign[0] == 'A' ? 'B' : 'A') + sign[1..];

    /// <summary>A stable 12-digit purse id per checkout and currency, like Interkassa's.</summary>
    private static string PurseId(string checkoutId, string currency)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(checkoutId + "/" + currency));
        var number = BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000_000_000UL;
        return "30" + number.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
    }
}
