using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>Builds notifications shaped like Interkassa's (16 fields), signed the way Interkassa signs them.</summary>
internal sealed class NotificationBuilder
{
    public const string CheckoutId = "61eb4664a9d4f77b7f55e1a4";
    public const string SecretKey = "Sx7pQ2vLm9RtK4aB";
    public const string TestKey = "Tt3kZ8nWq1YcE6hJ";

    private readonly List<KeyValuePair<string, string>> _fields =
    [
        new("ik_co_id", CheckoutId),
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
        new("ik_desc", "Оплата заказа №1001"),
        new("ik_x_order", "1001"),
    ];

    public static NotificationVerificationContext LiveContext(string? testKey = TestKey) =>
        new(CheckoutId, new InterkassaKeys(SecretKey, testKey, SignatureAlgorithm.Md5), TestMode: false);

    public static NotificationVerificationContext TestContext(string? testKey = TestKey) =>
        LiveContext(testKey) with { TestMode = true };

    public NotificationBuilder With(string name, string value)
    {
        var index = _fields.FindIndex(f => f.Key == name);
        if (index >= 0)
        {
            _fields[index] = new(name, value);
        }
        else
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    public NotificationBuilder Without(string name)
    {
        _fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public NotificationBuilder TestPayway() => With("ik_pw_via", InterkassaProtocol.TestPayway);

    /// <summary>Unsigned fields as they are now.</summary>
    public List<KeyValuePair<string, string>> Unsigned() => [.. _fields];

    /// <summary>Signed with the key Interkassa would use: the test key for the test payway, the secret key otherwise.</summary>
    public List<KeyValuePair<string, string>> Signed(SignatureAlgorithm algorithm = SignatureAlgorithm.Md5)
    {
        var payway = _fields.FirstOrDefault(f => f.Key == "ik_pw_via").Value;
        return SignedWith(payway == InterkassaProtocol.TestPayway ? TestKey : SecretKey, algorithm);
    }

    public List<KeyValuePair<string, string>> SignedWith(string key, SignatureAlgorithm algorithm = SignatureAlgorithm.Md5)
    {
        var fields = Unsigned();
        fields.Add(new("ik_sign", ReferenceSignature.Compute(fields, key, algorithm)));
        return fields;
    }
}
