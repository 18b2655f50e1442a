using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Tasks;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// The plugin's scheduled work: reconciliation, then the auto-cancel rule (after reconciling, so that an order paid at
/// Interkassa is marked paid rather than cancelled), then the journal's retention. The store runs one execution at a
/// time across its processes (a lease in the database), so no lock of its own. Each run also brings the task's
/// interval in line with <see cref="InterkassaOperationsSettings.ReconciliationIntervalMinutes"/>.
/// </summary>
public sealed class InterkassaReconciliationTask(
    ReconciliationService reconciliation,
    UnpaidOrderCancellation autoCancel,
    InterkassaDbContext db,
    ISettingService settingService,
    IScheduleTaskService scheduleTasks,
    TimeProvider time) : ICancellableScheduleTask
{
    /// <summary>The type name stored in the task's definition.</summary>
    public static string TypeName { get; } = $"{typeof(InterkassaReconciliationTask).FullName}, {typeof(InterkassaReconciliationTask).Assembly.GetName().Name}";

    /// <summary>nopCommerce's entry point, which has no token.</summary>
    public Task ExecuteAsync() => ExecuteAsync(CancellationToken.None);

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await reconciliation.RunAsync(cancellationToken);
        await autoCancel.RunAsync(cancellationToken);

        var operations = await settingService.LoadSettingAsync<InterkassaOperationsSettings>();
        await PurgeJournalAsync(operations.JournalRetentionDays, cancellationToken);

        var definition = await scheduleTasks.GetTaskByTypeAsync(TypeName);
        var seconds = operations.ReconciliationIntervalMinutes * 60;
        if (definition is not null && definition.Seconds != seconds && seconds > 0)
        {
            definition.Seconds = seconds;
            await scheduleTasks.UpdateTaskAsync(definition);
        }
    }

    /// <summary>Deletes journal rows older than the retention in one statement (indexed on the time received).</summary>
    public Task<int> PurgeJournalAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-retentionDays);
        return db.Notifications.Where(n => n.ReceivedOnUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
