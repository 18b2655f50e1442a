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

    /// <summary>
    /// Cancel Interkassa orders still unpaid <see cref="AutoCancelHours"/> after their last payment attempt. Off by
    /// default, as merchants expect: an order is cancelled only when the admin asked for it.
    /// </summary>
    public bool AutoCancelEnabled { get; set; }

    /// <summary>Hours after the newest payment attempt; always longer than the payment lifetime (an invoice still payable is never cancelled).</summary>
    public int AutoCancelHours { get; set; } = 72;

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
        if (settings.AutoCancelHours is < 1 or > MaxAutoCancelHours)
            yield return (nameof(AutoCancelHours), "Operations.Errors.AutoCancelHours");
    }

    /// <summary>The longest wait the rule accepts: 90 days.</summary>
    public const int MaxAutoCancelHours = 2160;

    /// <summary>
    /// The rule against the payment lifetime sent as ik_ltm / ik_exp: it needs one (Interkassa's own default is not
    /// known to the store) and must wait longer, so that an invoice the buyer may still pay is never cancelled.
    /// </summary>
    public static IEnumerable<(string Field, string Resource)> ValidateAutoCancel(InterkassaOperationsSettings settings, int paymentLifetimeMinutes)
    {
        if (!settings.AutoCancelEnabled || settings.AutoCancelHours is < 1 or > MaxAutoCancelHours)
            yield break;
        if (paymentLifetimeMinutes <= 0)
            yield return (nameof(AutoCancelHours), "Operations.Errors.AutoCancelNeedsLifetime");
        else if (!IsLongerThanLifetime(settings.AutoCancelHours, paymentLifetimeMinutes))
            yield return (nameof(AutoCancelHours), "Operations.Errors.AutoCancelNotLonger");
    }

    /// <summary>Whether waiting <paramref name="hours"/> outlasts a payment lifetime (0 = unknown: never).</summary>
    public static bool IsLongerThanLifetime(int hours, int paymentLifetimeMinutes) =>
        paymentLifetimeMinutes > 0 && hours * 60L > paymentLifetimeMinutes;
}
