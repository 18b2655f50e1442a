using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>What the health check knows about one store.</summary>
public sealed record StoreHealth(int StoreId, bool SettingsComplete, bool ApiConfigured, ReconciliationResult? LastReconciliation);

/// <summary>
/// The plugin's part of the store's <c>/health</c>: per store, whether the settings are complete, plus the time
/// since the last verified notification and the last reconciliation. Values only: no key, no URL with a secret.
/// </summary>
public sealed class InterkassaHealthCheck(
    IPaymentService paymentService,
    IStoreService storeService,
    InterkassaSettingsProvider settingsProvider,
    ISettingService settingService,
    InterkassaDbContext db,
    TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await paymentService.IsPaymentMethodActiveAsync(InterkassaDefaults.SystemName))
            return HealthCheckResult.Healthy("Interkassa is not active.");

        var stores = new List<StoreHealth>();
        foreach (var store in await storeService.GetAllStoresAsync())
        {
            var effective = await settingsProvider.GetAsync(store.Id);
            var last = ReconciliationResult.FromJson(
                await settingService.GetSettingByKeyAsync<string?>(ReconciliationResult.SettingKey, null, store.Id));
            stores.Add(new StoreHealth(store.Id, effective.CanTakePayments, effective.HasApiCredentials, last));
        }

        var lastVerified = await db.Notifications.AsNoTracking()
            .Where(n => (n.Verdict == NotificationVerdicts.Applied || n.Verdict == NotificationVerdicts.Repeat)
                        && n.Source == JournalSources.Notification)
            .OrderByDescending(n => n.Id).Select(n => (DateTime?)n.ReceivedOnUtc).FirstOrDefaultAsync(cancellationToken);
        return HealthSummary.Build(stores, lastVerified, time.GetUtcNow().UtcDateTime);
    }
}

/// <summary>Pure: the health result from what was read.</summary>
public static class HealthSummary
{
    /// <summary>
    /// Degraded when a store cannot take payments or its last reconciliation had errors; never Unhealthy (the store still sells).
    /// The facts are in the data and, because the store's <c>/health</c> writes only each check's description, in the
    /// description as well: flags, counts and times only.
    /// </summary>
    public static HealthCheckResult Build(IReadOnlyList<StoreHealth> stores, DateTime? lastVerifiedNotificationUtc, DateTime nowUtc)
    {
        var age = lastVerifiedNotificationUtc is { } at ? (long)(nowUtc - at).TotalSeconds : -1L;
        var data = new Dictionary<string, object> { ["lastVerifiedNotificationAgeSeconds"] = age };
        var facts = new List<string>
        {
            age < 0 ? "no verified notification yet" : string.Create(CultureInfo.InvariantCulture, $"last verified notification {age} s ago"),
        };
        var problems = new List<string>();
        foreach (var store in stores)
        {
            var prefix = "store" + store.StoreId.ToString(CultureInfo.InvariantCulture) + ".";
            data[prefix + "settingsComplete"] = store.SettingsComplete;
            data[prefix + "apiConfigured"] = store.ApiConfigured;
            if (!store.SettingsComplete)
                problems.Add($"store {store.StoreId}: settings incomplete");
            var fact = string.Create(CultureInfo.InvariantCulture,
                $"store {store.StoreId}: settings {(store.SettingsComplete ? "complete" : "incomplete")}, API {(store.ApiConfigured ? "configured" : "not configured")}");
            if (store.LastReconciliation is not { } last)
            {
                facts.Add(fact + ", no reconciliation yet");
                continue;
            }

            data[prefix + "reconciliation.runOnUtc"] = last.RunOnUtc.ToString("O", CultureInfo.InvariantCulture);
            data[prefix + "reconciliation.checked"] = last.Checked;
            data[prefix + "reconciliation.applied"] = last.Applied;
            data[prefix + "reconciliation.refused"] = last.Refused;
            data[prefix + "reconciliation.errors"] = last.Errors;
            facts.Add(fact + string.Create(CultureInfo.InvariantCulture,
                $", last reconciliation {last.RunOnUtc:yyyy-MM-dd HH:mm:ss} UTC: checked {last.Checked}, applied {last.Applied}, refused {last.Refused}, errors {last.Errors}"));
            if (last.Errors > 0)
                problems.Add($"store {store.StoreId}: last reconciliation had {last.Errors} error(s)");
        }

        var summary = string.Join("; ", facts) + ".";
        return problems.Count == 0
            ? HealthCheckResult.Healthy("Interkassa is configured. " + summary, data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ". " + summary, data: data);
    }
}
