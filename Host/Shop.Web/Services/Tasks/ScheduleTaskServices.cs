using Autofac;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Tasks;
using Shop.Web.Data;

namespace Shop.Web.Services.Tasks;

public sealed class ScheduleTaskService(ShopDbContext db, ScheduleTaskSignal signal) : IScheduleTaskService
{
    public Task<ScheduleTask?> GetTaskByTypeAsync(string type) =>
        db.ScheduleTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Type == type);

    public async Task<IReadOnlyList<ScheduleTask>> GetAllTasksAsync() =>
        await db.ScheduleTasks.AsNoTracking().OrderBy(t => t.Name).ToListAsync();

    public async Task InsertTaskAsync(ScheduleTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        db.ScheduleTasks.Add(task);
        await db.SaveChangesAsync();
        db.Entry(task).State = EntityState.Detached;
        signal.Pulse();
    }

    public async Task UpdateTaskAsync(ScheduleTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        await db.ScheduleTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Name, task.Name)
            .SetProperty(t => t.Type, task.Type)
            .SetProperty(t => t.Seconds, task.Seconds)
            .SetProperty(t => t.Enabled, task.Enabled)
            .SetProperty(t => t.StopOnError, task.StopOnError));
        // The runner recomputes when each task is due from the stored interval now, not after its next run.
        signal.Pulse();
    }

    public async Task DeleteTaskAsync(ScheduleTask task)
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
/// (or expired), so at most one execution of a task runs at a time across every store process. The lease is short
/// (<c>Tasks:LeaseSeconds</c>, 60 by default) and renewed every third of it while the task runs, so a process that
/// dies holding it blocks the task for one lease length, not for as long as the longest run could take.
/// </summary>
public sealed class ScheduleTaskExecutor(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    IHostApplicationLifetime lifetime, ILogger<ScheduleTaskExecutor> logger)
{
    /// <summary>Identifies this process in the lease column.</summary>
    private readonly string _owner = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How long a lease holds without renewal, i.e. how long a dead holder blocks the task.</summary>
    public TimeSpan LeaseLength { get; } = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Tasks:LeaseSeconds", 60)));

    public async Task<TaskRunOutcome> RunAsync(int taskId, bool onlyWhenDue, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var task = await db.ScheduleTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
            return TaskRunOutcome.NotFound;
        var now = time.GetUtcNow().UtcDateTime;
        if (onlyWhenDue && (!task.Enabled || ScheduleTaskRunner.NextDueUtc(task) > now))
            return TaskRunOutcome.NotDue;

        var leaseUntil = now + LeaseLength;
        var taken = await db.ScheduleTasks
            .Where(t => t.Id == taskId
                        && (EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc) == null
                            || EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc) < now)
                        && t.LastStartUtc == task.LastStartUtc)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner), _owner)
                .SetProperty(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc), leaseUntil)
                .SetProperty(t => t.LastStartUtc, now), cancellationToken);
        if (taken == 0)
            return TaskRunOutcome.Busy;

        string? error = null;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var heartbeat = RenewLeaseAsync(taskId, running.Token);
        try
        {
            var type = System.Type.GetType(task.Type, throwOnError: false)
                ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(task.Type.Split(',')[0].Trim())).FirstOrDefault(t => t is not null)
                ?? throw new InvalidOperationException($"Task type {task.Type} was not found.");
            // A fresh lifetime scope per run: the task's dependencies live exactly as long as the run.
            await using var runScope = scope.ServiceProvider.GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
            var instance = (IScheduleTask)(runScope.ResolveOptional(type)
                ?? throw new InvalidOperationException($"Task type {task.Type} is not registered in the container."));
            await (instance is ICancellableScheduleTask cancellable ? cancellable.ExecuteAsync(cancellationToken) : instance.ExecuteAsync());
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduled task {Task} failed", task.Name);
            error = e.Message;
        }
        finally
        {
            await running.CancelAsync();
            await heartbeat;
        }

        var end = time.GetUtcNow().UtcDateTime;
        await db.ScheduleTasks
            .Where(t => t.Id == taskId && EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner) == _owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner), (string?)null)
                .SetProperty(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc), (DateTime?)null)
                .SetProperty(t => t.LastEndUtc, end)
                .SetProperty(t => t.LastSuccessUtc, t => error == null ? end : t.LastSuccessUtc)
                .SetProperty(t => t.LastError, error)
                .SetProperty(t => t.Enabled, t => error != null && t.StopOnError ? false : t.Enabled), CancellationToken.None);
        return error is null ? TaskRunOutcome.Succeeded : TaskRunOutcome.Failed;
    }

    /// <summary>Pushes this process's lease forward every third of its length until the run ends or the process stops.</summary>
    private async Task RenewLeaseAsync(int taskId, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(LeaseLength / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
                    var until = time.GetUtcNow().UtcDateTime + LeaseLength;
                    await db.ScheduleTasks
                        .Where(t => t.Id == taskId && EF.Property<string?>(t, ShopDbContext.TaskLeaseOwner) == _owner)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc), until), stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; if renewals keep failing the lease lapses, as for a dead process.
                    logger.LogWarning(e, "Renewing the lease of scheduled task {TaskId} failed", taskId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended or the process is stopping.
        }
    }
}

/// <summary>Wakes the task runner when a task is added or changed in this process, so a new interval applies at once.</summary>
public sealed class ScheduleTaskSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    public void Pulse()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the runner has not looked yet.
        }
    }

    /// <summary>Waits until <paramref name="timeout"/> passes or a task changes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Runs every due task (each under its lease), then sleeps until the earliest next due time — computed from each
/// task's stored interval at every check — or <c>Tasks:PollSeconds</c> (30), whichever comes first, waking early when a
/// task changes in this process. A task changed by another process is seen within the poll interval.
/// </summary>
public sealed class ScheduleTaskRunner(IServiceScopeFactory scopes, ScheduleTaskExecutor executor, ScheduleTaskSignal signal,
    IConfiguration configuration, TimeProvider time, ILogger<ScheduleTaskRunner> logger) : BackgroundService
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(200);

    /// <summary>When a task is next due: its last start plus its stored interval (<paramref name="neverRun"/> if it never ran).</summary>
    public static DateTime NextDueUtc(ScheduleTask task, DateTime neverRun = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.LastStartUtc is { } last ? last.AddSeconds(task.Seconds) : neverRun;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Tasks:PollSeconds", 30)));
        // A task that never ran waits one poll interval after start-up, as the first poll of a plain timer would.
        var neverRunDue = time.GetUtcNow().UtcDateTime + poll;
        try
        {
            // The first look waits for start-up to finish (or for a task to change).
            await signal.WaitAsync(poll, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = poll;
            try
            {
                wait = await RunDueTasksAsync(poll, neverRunDue, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Polling scheduled tasks failed");
            }
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs what is due and returns how long to sleep before the next check.</summary>
    private async Task<TimeSpan> RunDueTasksAsync(TimeSpan poll, DateTime neverRunDue, CancellationToken stoppingToken)
    {
        List<ScheduleTask> tasks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            tasks = await db.ScheduleTasks.AsNoTracking().Where(t => t.Enabled).ToListAsync(stoppingToken);
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var task in tasks.Where(t => NextDueUtc(t, neverRunDue) <= now))
            await executor.RunAsync(task.Id, onlyWhenDue: true, stoppingToken);

        // Tasks that just ran are due again one interval from now at the earliest; one that was busy elsewhere, soon.
        now = time.GetUtcNow().UtcDateTime;
        var earliest = tasks.Select(t => NextDueUtc(t, neverRunDue) is var due && due <= now ? now + TimeSpan.FromSeconds(Math.Max(1, t.Seconds)) : due)
            .DefaultIfEmpty(now + poll).Min();
        var wait = earliest - now;
        return wait < ShortestWait ? ShortestWait : wait > poll ? poll : wait;
    }
}
