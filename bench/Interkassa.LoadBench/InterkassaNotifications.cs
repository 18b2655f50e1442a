using System.Globalization;
using System.Security.Cryptography;
using Plugin.Payments.Interkassa.Protocol;

namespace Interkassa.LoadBench;

/// <summary>
/// Notifications as Interkassa sends them for a payment form the store handed out: the form's own fields as sent
/// (<c>ik_co_id</c>, <c>ik_pm_no</c>, <c>ik_am</c>, <c>ik_cur</c>, <c>ik_desc</c>, every <c>ik_x_*</c>) plus
/// Interkassa's (invoice, state, times, payway, amounts), paid with the test payway and signed with the test key.
/// Encoded once as form bodies, so the client spends nothing per request on building them.
/// </summary>
internal sealed class InterkassaNotifications(InterkassaCheckout checkout)
{
    private const string TestPayway = "test_interkassa_test_xts";
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    private long _invoiceId = 340_000_000;

    public byte[] Valid(IReadOnlyList<KeyValuePair<string, string>> form) => Encode(Signed(Fields(form), checkout.TestKey));

    /// <summary>The same notification with a well-formed signature made with a key the store does not have.</summary>
    public byte[] Forged(IReadOnlyList<KeyValuePair<string, string>> form) =>
        Encode(Signed(Fields(form), Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))));

    private List<KeyValuePair<string, string>> Fields(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        string Sent(string name) => form.First(f => f.Key == name).Value;
        var amount = decimal.Parse(Sent("ik_am"), CultureInfo.InvariantCulture);
        var processed = DateTime.UtcNow;
        List<KeyValuePair<string, string>> fields =
        [
            new("ik_co_id", Sent("ik_co_id")),
            new("ik_co_prs_id", "409262183014"),
            new("ik_inv_id", Interlocked.Increment(ref _invoiceId).ToString(CultureInfo.InvariantCulture)),
            new("ik_inv_st", "success"),
            new("ik_inv_crt", processed.AddSeconds(-20).ToString(DateFormat, CultureInfo.InvariantCulture)),
            new("ik_inv_prc", processed.ToString(DateFormat, CultureInfo.InvariantCulture)),
            new("ik_trn_id", ""),
            new("ik_pm_no", Sent("ik_pm_no")),
            new("ik_pw_via", TestPayway),
            new("ik_am", Sent("ik_am")),
            new("ik_co_rfn", (amount * 0.97m).ToString("0.0000", CultureInfo.InvariantCulture)),
            new("ik_ps_price", amount.ToString("0.00", CultureInfo.InvariantCulture)),
            new("ik_cur", Sent("ik_cur")),
            new("ik_desc", Sent("ik_desc")),
        ];
        fields.AddRange(form.Where(f => f.Key.StartsWith("ik_x_", StringComparison.Ordinal)));
        return fields;
    }

    private static List<KeyValuePair<string, string>> Signed(List<KeyValuePair<string, string>> fields, string key)
    {
        fields.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(fields, key, SignatureAlgorithm.Md5)));
        return fields;
    }

    private static byte[] Encode(List<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }
}
