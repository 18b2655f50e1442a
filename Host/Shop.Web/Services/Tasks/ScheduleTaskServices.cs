using Autofac;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Tasks;
using Shop.Web.Data;

namespace Shop.Web.Services.Tasks;

public sealed class ScheduleTaskService(ShopDbContext db) : IScheduleTaskService
{
    public Task<ScheduleTaskDefinition?> GetTaskByTypeAsync(string type) =>
        db.ScheduleTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Type == type);

    public async Task<IReadOnlyList<ScheduleTaskDefinition>> GetAllTasksAsync() =>
        await db.ScheduleTasks.AsNoTracking().OrderBy(t => t.Name).ToListAsync();

    public async Task InsertTaskAsync(ScheduleTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        db.ScheduleTasks.Add(task);
        await db.SaveChangesAsync();
        db.Entry(task).State = EntityState.Detached;
    }

    public async Task UpdateTaskAsync(ScheduleTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        await db.ScheduleTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Name, task.Name)
            .SetProperty(t => t.Type, task.Type)
            .SetProperty(t => t.Seconds, task.Seconds)
            .SetProperty(t => t.Enabled, task.Enabled)
            .SetProperty(t => t.StopOnError, task.StopOnError));
    }

    public async Task DeleteTaskAsync(ScheduleTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        await db.ScheduleTasks.Where(t => t.Id == task.Id).ExecuteDeleteAsync();
    }
}

/// <summary>What happened when a task was asked to run.</summary>
public enum TaskRunOutcome
{
    Succeeded,
    Failed,

    /// <summary>Another execution (in this or another process) holds the lease.</summary>
    Busy,

    /// <summary>The task is not due yet (only for scheduled runs).</summary>
    NotDue,

    NotFound,
}

/// <summary>
/// Runs one scheduled task under a lease row: a conditional UPDATE takes the lease only when it is free
/// (or expired), so at most one execution of a task runs at a time across every store process.
/// </summary>
public sealed class ScheduleTaskExecutor(IServiceScopeFactory scopes, TimeProvider time, ILogger<ScheduleTaskExecutor> logger)
{
    /// <summary>Identifies this process in the lease column.</summary>
    private readonly string _owner = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How long a lease holds if its process dies without releasing it.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(10);

    public async Task<TaskRunOutcome> RunAsync(int taskId, bool onlyWhenDue, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var task = await db.ScheduleTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
            return TaskRunOutcome.NotFound;
        var now = time.GetUtcNow().UtcDateTime;
        if (onlyWhenDue && (!task.Enabled || (task.LastStartUtc is { } last && last.AddSeconds(task.Seconds) > now)))
            return TaskRunOutcome.NotDue;

        var leaseUntil = now + LeaseLength;
        var taken = await DatabaseRetry.OnBusyAsync(() => db.ScheduleTasks
            .Where(t => t.Id == taskId
                        && (EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc) == null
                            || EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc) < now)
                        && t.LastStartUtc == task.LastStartUtc)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner), _owner)
                .SetProperty(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc), leaseUntil)
                .SetProperty(t => t.LastStartUtc, now), cancellationToken));
        if (taken == 0)
            return TaskRunOutcome.Busy;

        string? error = null;
        try
        {
            var type = System.Type.GetType(task.Type, throwOnError: false)
                ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(task.Type.Split(',')[0].Trim())).FirstOrDefault(t => t is not null)
                ?? throw new InvalidOperationException($"Task type {task.Type} was not found.");
            // A fresh lifetime scope per run: the task's dependencies live exactly as long as the run.
            await using var runScope = scope.ServiceProvider.GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
            var instance = (IScheduleTask)(runScope.ResolveOptional(type)
                ?? throw new InvalidOperationException($"Task type {task.Type} is not registered in the container."));
            await instance.ExecuteAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduled task {Task} failed", task.Name);
            error = e.Message;
        }

        var end = time.GetUtcNow().UtcDateTime;
        await DatabaseRetry.OnBusyAsync(() => db.ScheduleTasks
            .Where(t => t.Id == taskId && EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner) == _owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner), (string?)null)
                .SetProperty(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc), (DateTime?)null)
                .SetProperty(t => t.LastEndUtc, end)
                .SetProperty(t => t.LastSuccessUtc, t => error == null ? end : t.LastSuccessUtc)
                .SetProperty(t => t.LastError, error)
                .SetProperty(t => t.Enabled, t => error != null && t.StopOnError ? false : t.Enabled), CancellationToken.None));
        return error is null ? TaskRunOutcome.Succeeded : TaskRunOutcome.Failed;
    }
}

/// <summary>Polls the task table and runs every due task (each under its lease).</summary>
public sealed class ScheduleTaskRunner(IServiceScopeFactory scopes, ScheduleTaskExecutor executor, IConfiguration configuration,
    TimeProvider time, ILogger<ScheduleTaskRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Tasks:PollSeconds", 30)));
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                List<int> ids;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
                    ids = await db.ScheduleTasks.AsNoTracking().Where(t => t.Enabled).Select(t => t.Id).ToListAsync(stoppingToken);
                }
                foreach (var id in ids)
                    await executor.RunAsync(id, onlyWhenDue: true, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Polling scheduled tasks failed");
            }
        }
    }
}
