using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The configure form as posted. Secrets are write-only: an empty field keeps the stored value, a "remove" box
/// deletes it, and a key typed before a failed save or a check comes back encrypted in a Pending field so that it
/// is never lost and never sent back in plain text.
/// Numbers are strings parsed with the invariant culture (a number input posts "1.5" whatever the page language),
/// so that a wrong one gets the plugin's own message next to the field.
/// </summary>
public sealed class ConfigureInput
{
    // Connection
    public string? CheckoutId { get; set; }
    public string? SecretKey { get; set; }
    public string? PendingSecretKey { get; set; }
    public bool RemoveSecretKey { get; set; }
    public string? TestKey { get; set; }
    public string? PendingTestKey { get; set; }
    public bool RemoveTestKey { get; set; }
    public SignatureAlgorithm Algorithm { get; set; }
    public bool TestMode { get; set; }
    public string? SciUrl { get; set; }
    public string? PaymentCurrency { get; set; }
    public string? PaymentLifetimeMinutes { get; set; }
    public string? DescriptionTemplate { get; set; }
    public string? PaywaysOn { get; set; }
    public string? PaywaysOff { get; set; }
    public string? NotificationMethod { get; set; }
    public string? AllowedSourceAddresses { get; set; }
    public string? ApiUrl { get; set; }
    public string? ApiUserId { get; set; }
    public string? ApiKey { get; set; }
    public string? PendingApiKey { get; set; }
    public bool RemoveApiKey { get; set; }
    public string? ApiAccountId { get; set; }
    public bool ConfirmPaymentsWithApi { get; set; }

    // Description and logo
    public Dictionary<string, string?> Names { get; set; } = [];
    public Dictionary<string, string?> Descriptions { get; set; } = [];
    public bool ShowLogo { get; set; }
    /// <summary>The store being configured goes back to the logo of all stores.</summary>
    public bool RemoveStoreLogo { get; set; }

    // Display conditions
    public string? MinOrderTotal { get; set; }
    public string? MaxOrderTotal { get; set; }
    // Picked from lists: one posted value per checked box (a typed "RU; UA" is split the same way).
    public List<string> AllowedCurrencies { get; set; } = [];
    public List<string> AllowedCountries { get; set; } = [];
    public List<string> AllowedCustomerRoles { get; set; } = [];

    // Commissions
    public string? CommissionPercent { get; set; }
    public string? BuyerCommissionSharePercent { get; set; }
    public string? FixedFee { get; set; }

    // Operations (installation-wide, saved by the same button)
    public string? ReconciliationIntervalMinutes { get; set; }
    public string? ReconciliationMinAgeMinutes { get; set; }
    public string? ReconciliationLookbackDays { get; set; }
    public string? RefundLookbackDays { get; set; }
    public string? JournalRetentionDays { get; set; }
    public string? PaymentLinkLifetimeDays { get; set; }
    public bool AutoCancelEnabled { get; set; }
    public string? AutoCancelHours { get; set; }

    /// <summary>Settings property names overridden for the store being configured.</summary>
    public List<string> Overrides { get; set; } = [];
}
