using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The configure form as posted. Secrets are write-only: an empty field keeps the stored value.
/// Amounts are strings parsed with the invariant culture (a number input posts "1.5" whatever the page language).
/// </summary>
public sealed class ConfigureInput
{
    // Connection
    public string? CheckoutId { get; set; }
    public string? SecretKey { get; set; }
    public string? TestKey { get; set; }
    public SignatureAlgorithm Algorithm { get; set; }
    public bool TestMode { get; set; }
    public string? SciUrl { get; set; }
    public string? PaymentCurrency { get; set; }
    public int PaymentLifetimeMinutes { get; set; }
    public string? DescriptionTemplate { get; set; }
    public string? PaywaysOn { get; set; }
    public string? PaywaysOff { get; set; }
    public string? NotificationMethod { get; set; }
    public string? AllowedSourceAddresses { get; set; }
    public string? ApiUrl { get; set; }
    public string? ApiUserId { get; set; }
    public string? ApiKey { get; set; }
    public string? ApiAccountId { get; set; }

    // Description and logo
    public Dictionary<string, string?> Names { get; set; } = [];
    public Dictionary<string, string?> Descriptions { get; set; } = [];
    public bool ShowLogo { get; set; }

    // Display conditions
    public string? MinOrderTotal { get; set; }
    public string? MaxOrderTotal { get; set; }
    public string? AllowedCurrencies { get; set; }
    public string? AllowedCountries { get; set; }
    public string? AllowedCustomerRoles { get; set; }

    // Commissions
    public string? CommissionPercent { get; set; }
    public string? BuyerCommissionSharePercent { get; set; }
    public string? FixedFee { get; set; }

    /// <summary>Settings property names overridden for the store being configured.</summary>
    public List<string> Overrides { get; set; } = [];
}
