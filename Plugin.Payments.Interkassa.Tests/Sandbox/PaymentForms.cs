using ReferenceSignature = Plugin.Payments.Interkassa.Tests.Protocol.ReferenceSignature;
using SignatureAlgorithm = Plugin.Payments.Interkassa.Protocol.SignatureAlgorithm;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>Builds SCI forms as a shop would send them, signed with the independent test signer.</summary>
internal static class PaymentForms
{
    public const string CyrillicDescription = "Тестовый товар — заказ №";

    public static Dictionary<string, string> Create(
        string paymentNo,
        string checkoutId = TestCheckouts.Md5Id,
        string amount = "50.00",
        string currency = "RUB",
        string? description = null,
        Uri? interactionUrl = null,
        string returnBase = "http://shop.example/Plugins/PaymentInterkassa")
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ik_co_id"] = checkoutId,
            ["ik_pm_no"] = paymentNo,
            ["ik_am"] = amount,
            ["ik_cur"] = currency,
            ["ik_desc"] = description ?? CyrillicDescription + paymentNo,
            ["ik_suc_u"] = returnBase + "/Success?lang=ru",
            ["ik_fal_u"] = returnBase + "/Fail",
            ["ik_pnd_u"] = returnBase + "/Pending",
            ["ik_x_order"] = paymentNo,
            ["ik_x_Store"] = "1",
            ["ik_cli"] = "buyer@example.com",
        };
        if (interactionUrl is not null)
        {
            fields["ik_ia_u"] = interactionUrl.ToString();
        }

        return fields;
    }

    /// <summary>Adds ik_sign computed with the checkout's secret key (its algorithm chosen by the checkout).</summary>
    public static Dictionary<string, string> Signed(this Dictionary<string, string> fields)
    {
        var (key, algorithm) = fields.GetValueOrDefault("ik_co_id") switch
        {
            TestCheckouts.Sha256Id => (TestCheckouts.Sha256Secret, SignatureAlgorithm.Sha256),
            _ => (TestCheckouts.Md5Secret, SignatureAlgorithm.Md5),
        };
        fields.Remove("ik_sign");
        fields["ik_sign"] = ReferenceSignature.Compute(fields, key, algorithm);
        return fields;
    }

    public static string NewPaymentNo() => "T" + Guid.NewGuid().ToString("N")[..12];
}
