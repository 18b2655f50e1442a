using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// Settings of the plugin's background work, for the whole installation (store 0): one scheduled task
/// serves every store. Kept apart from <see cref="Settings.InterkassaSettings"/> because the configure
/// form saves that class as a whole, which would reset values it does not show.
/// </summary>
public class InterkassaOperationsSettings : ISettings
{
    /// <summary>How often the reconciliation task runs.</summary>
    public int ReconciliationIntervalMinutes { get; set; } = 10;

    /// <summary>Only orders pending for at least this long are asked about (a notification usually comes within seconds).</summary>
    public int ReconciliationMinAgeMinutes { get; set; } = 15;

    /// <summary>Pending orders older than this are no longer asked about (the invoice window would only grow).</summary>
    public int ReconciliationLookbackDays { get; set; } = 30;

    /// <summary>
    /// Paid orders placed within this many days are asked about refunds made in Interkassa's cabinet; 0 turns that off
    /// (each paid order costs one API call per round).
    /// </summary>
    public int RefundLookbackDays { get; set; } = 30;

    /// <summary>Journal rows older than this are deleted by the task.</summary>
    public int JournalRetentionDays { get; set; } = 180;

    /// <summary>How long a payment link made in the admin stays valid.</summary>
    public int PaymentLinkLifetimeDays { get; set; } = 7;

    /// <summary>Every out-of-range field with its error resource, so the page can show each next to its field.</summary>
    public static IEnumerable<(string Field, string Resource)> ValidateFields(InterkassaOperationsSettings settings)
    {
        if (settings.ReconciliationIntervalMinutes is < 1 or > 1440)
            yield return (nameof(ReconciliationIntervalMinutes), "Operations.Errors.Interval");
        if (settings.ReconciliationMinAgeMinutes is < 1 or > 10080)
            yield return (nameof(ReconciliationMinAgeMinutes), "Operations.Errors.MinAge");
        if (settings.ReconciliationLookbackDays is < 1 or > 365)
            yield return (nameof(ReconciliationLookbackDays), "Operations.Errors.Lookback");
        if (settings.RefundLookbackDays is < 0 or > 365)
            yield return (nameof(RefundLookbackDays), "Operations.Errors.RefundLookback");
        if (settings.JournalRetentionDays is < 1 or > 3650)
            yield return (nameof(JournalRetentionDays), "Operations.Errors.Retention");
        if (settings.PaymentLinkLifetimeDays is < 1 or > 90)
            yield return (nameof(PaymentLinkLifetimeDays), "Operations.Errors.LinkLifetime");
    }
}
