using Shop.Abstractions.Settings;
using Shop.Abstractions.Tasks;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>
/// What the operations part adds on install (the scheduled task, its settings) and removes on uninstall.
/// <see cref="InterkassaInstaller"/> calls into it.
/// </summary>
public sealed class OperationsInstaller(IScheduleTaskService scheduleTasks, ISettingService settingService)
{
    public const string TaskName = "Interkassa: reconciliation and journal retention";

    /// <summary>Adds the task when it is missing (install and update alike); keeps settings already stored.</summary>
    public async Task InstallAsync()
    {
        var settings = await settingService.LoadSettingAsync<InterkassaOperationsSettings>();
        await settingService.SaveSettingAsync(settings);
        if (await scheduleTasks.GetTaskByTypeAsync(InterkassaReconciliationTask.TypeName) is null)
        {
            await scheduleTasks.InsertTaskAsync(new ScheduleTask
            {
                Name = TaskName,
                Type = InterkassaReconciliationTask.TypeName,
                Seconds = settings.ReconciliationIntervalMinutes * 60,
                Enabled = true,
                StopOnError = false,
            });
        }
    }

    public async Task UninstallAsync()
    {
        if (await scheduleTasks.GetTaskByTypeAsync(InterkassaReconciliationTask.TypeName) is { } task)
            await scheduleTasks.DeleteTaskAsync(task);
        await settingService.DeleteSettingAsync<InterkassaOperationsSettings>();
    }
}
