namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Fixed names of the Interkassa merchant protocol.</summary>
public static class InterkassaProtocol
{
    /// <summary>The payway alias of Interkassa's test payment system; its notifications are signed with the test key.</summary>
    public const string TestPayway = "test_interkassa_test_xts";

    public const string SignField = "ik_sign";

    /// <summary>Only fields whose name contains this are signed.</summary>
    public const string SignedFieldMarker = "ik_";

    /// <summary>Prefix of the merchant's custom fields, which Interkassa echoes back in the notification.</summary>
    public const string CustomFieldPrefix = "ik_x_";

    /// <summary>Currencies Interkassa checkouts are commonly opened in; a payment in another is not offered.</summary>
    public static readonly IReadOnlySet<string> Currencies =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "RUB", "UAH", "USD", "EUR", "KZT", "BYN" };

    /// <summary>Format of <c>ik_exp</c>, <c>ik_inv_crt</c>, <c>ik_inv_prc</c> and the API's date filters.</summary>
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss";
}
