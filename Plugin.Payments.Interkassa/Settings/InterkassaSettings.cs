using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// The plugin's settings, per store with shared fallback, grouped as the configure page's tabs.
/// Secrets are stored only in protected form (see <see cref="SecretProtector"/>).
/// </summary>
public class InterkassaSettings : ISettings
{
    // Connection
    public string CheckoutId { get; set; } = "";

    public string ProtectedSecretKey { get; set; } = "";

    public string ProtectedTestKey { get; set; } = "";

    public SignatureAlgorithm Algorithm { get; set; } = SignatureAlgorithm.Md5;

    /// <summary>Test payments (the test payway, signed with the test key) are accepted; off for a real install, the demo turns it on.</summary>
    public bool TestMode { get; set; }

    public string SciUrl { get; set; } = InterkassaDefaults.SciUrl;

    /// <summary>ISO code of the currency to charge in, converted from the order's; empty charges in the order's own currency.</summary>
    public string PaymentCurrency { get; set; } = "";

    /// <summary>How long the payment stays payable (ik_ltm); 0 leaves Interkassa's default.</summary>
    public int PaymentLifetimeMinutes { get; set; }

    /// <summary>ik_desc; {0} is the order number. Empty uses the localized default.</summary>
    public string DescriptionTemplate { get; set; } = "";

    /// <summary>Allowed payways, ';'-separated aliases (ik_pw_on).</summary>
    public string PaywaysOn { get; set; } = "";

    /// <summary>Forbidden payways (ik_pw_off).</summary>
    public string PaywaysOff { get; set; } = "";

    /// <summary>"post" or "get": how Interkassa calls the notification URL.</summary>
    public string NotificationMethod { get; set; } = "post";

    /// <summary>Optional CIDR list (comma, space or newline separated); empty accepts any address.</summary>
    public string AllowedSourceAddresses { get; set; } = "";

    public string ApiUrl { get; set; } = InterkassaDefaults.ApiUrl;

    public string ApiUserId { get; set; } = "";

    public string ProtectedApiKey { get; set; } = "";

    public string ApiAccountId { get; set; } = "";

    /// <summary>
    /// With API credentials set, a paid notification is confirmed with Interkassa's API (invoice exists, is paid,
    /// matches checkout, payment number, amount and currency) before the order is marked paid.
    /// </summary>
    public bool ConfirmPaymentsWithApi { get; set; } = true;

    // Description and logo
    /// <summary>JSON object culture → name shown at checkout; missing cultures use the language pack.</summary>
    public string LocalizedNames { get; set; } = "";

    /// <summary>JSON object culture → description shown at checkout.</summary>
    public string LocalizedDescriptions { get; set; } = "";

    public bool ShowLogo { get; set; } = true;

    // Display conditions
    /// <summary>Primary currency; 0 means no lower limit.</summary>
    public decimal MinOrderTotal { get; set; }

    /// <summary>Primary currency; 0 means no upper limit.</summary>
    public decimal MaxOrderTotal { get; set; }

    /// <summary>ISO codes of working currencies the method is shown for; empty = all.</summary>
    public string AllowedCurrencies { get; set; } = "";

    /// <summary>ISO two-letter billing countries the method is shown for; empty = all.</summary>
    public string AllowedCountries { get; set; } = "";

    /// <summary>Customer role system names the method is shown for; empty = all.</summary>
    public string AllowedCustomerRoles { get; set; } = "";

    // Commissions
    /// <summary>Interkassa's commission rate as set in the cabinet, percent.</summary>
    public decimal CommissionPercent { get; set; }

    /// <summary>The buyer's share of that commission, 0–100 percent; the shop carries the rest.</summary>
    public decimal BuyerCommissionSharePercent { get; set; }

    /// <summary>A fixed fee added for the buyer, primary currency.</summary>
    public decimal FixedFee { get; set; }
}
