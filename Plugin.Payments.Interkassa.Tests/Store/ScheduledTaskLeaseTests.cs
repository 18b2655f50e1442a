using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Tasks;
using Shop.Web.Data;
using Shop.Web.Services.Tasks;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>Scheduled tasks: a short lease kept alive while the task runs, and intervals that apply as soon as they change.</summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class ScheduledTaskLeaseTests
{
    private static readonly Dictionary<string, string?> ShortLease = new()
    {
        ["Tasks:LeaseSeconds"] = "2",
        ["Tasks:PollSeconds"] = "86400",
    };

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_task_whose_process_died_holding_the_lease_runs_elsewhere_after_one_short_lease()
    {
        var survivorTask = new HeldTask();
        var dyingTask = new HeldTask();
        await using var survivor = await ShopFactory.StartAsync(new ShopFactoryOptions { Settings = ShortLease, ConfigureServices = s => s.AddSingleton(survivorTask) });
        var dying = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            ConnectionString = survivor.ConnectionString,
            Settings = ShortLease,
            ConfigureServices = s => s.AddSingleton(dyingTask),
        });
        var id = await InsertAsync(survivor, new ScheduleTask { Name = "Held", Type = typeof(HeldTask).AssemblyQualifiedName!, Seconds = 3600 });

        // The dying process takes the lease and is still "running" the task when it goes away: it never releases the lease.
        var abandoned = dying.Services.GetRequiredService<ScheduleTaskExecutor>().RunAsync(id, onlyWhenDue: false, CancellationToken.None);
        await dyingTask.Started.Task.WaitAsync(Deadline);
        await dying.DisposeAsync();
        var clock = Stopwatch.StartNew();

        var executor = survivor.Services.GetRequiredService<ScheduleTaskExecutor>();
        survivorTask.Release.SetResult();
        var outcome = await executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None);
        while (outcome == TaskRunOutcome.Busy && clock.Elapsed < Deadline)
            outcome = await executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None);
        var waited = clock.Elapsed;
        dyingTask.Release.SetResult();
        await AbandonAsync(abandoned);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(TaskRunOutcome.Succeeded), "the other process took over the task");
            Assert.That(waited, Is.LessThan(TimeSpan.FromSeconds(10)), "blocked for about one lease (2 s), not ten minutes");
            Assert.That(survivorTask.Runs, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_running_task_renews_its_short_lease_so_no_second_run_starts_while_it_runs()
    {
        var task = new HeldTask();
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { Settings = ShortLease, ConfigureServices = s => s.AddSingleton(task) });
        var id = await InsertAsync(shop, new ScheduleTask { Name = "Held", Type = typeof(HeldTask).AssemblyQualifiedName!, Seconds = 3600 });
        var executor = shop.Services.GetRequiredService<ScheduleTaskExecutor>();

        var running = executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None);
        await task.Started.Task.WaitAsync(Deadline);
        var firstLease = await LeaseUntilAsync(shop, id);
        // Let three lease lengths pass while the task runs: without renewals the lease would have lapsed twice over.
        var clock = Stopwatch.StartNew();
        var attempts = new List<TaskRunOutcome>();
        while (clock.Elapsed < executor.LeaseLength * 3)
        {
            attempts.Add(await executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None));
            // Paces the attempts while the time passes; no outcome depends on this delay.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        var renewedLease = await LeaseUntilAsync(shop, id);
        task.Release.SetResult();
        var first = await running;

        Assert.Multiple(() =>
        {
            Assert.That(attempts, Is.Not.Empty.And.All.EqualTo(TaskRunOutcome.Busy));
            Assert.That(renewedLease, Is.GreaterThan(firstLease!.Value), "the lease was pushed forward while the task ran");
            Assert.That(first, Is.EqualTo(TaskRunOutcome.Succeeded));
            Assert.That(task.Runs, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_shortened_interval_applies_at_once_not_after_the_next_run()
    {
        var task = new HeldTask();
        task.Release.SetResult();
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { Settings = ShortLease, ConfigureServices = s => s.AddSingleton(task) });
        // Ran a moment ago, due again in an hour; the runner itself polls once a day.
        var definition = new ScheduleTask
        {
            Name = "Interval", Type = typeof(HeldTask).AssemblyQualifiedName!, Seconds = 3600, LastStartUtc = DateTime.UtcNow,
        };
        definition.Id = await InsertAsync(shop, definition);

        definition.Seconds = 1;
        await shop.WithScopeAsync(services => services.GetRequiredService<IScheduleTaskService>().UpdateTaskAsync(definition));

        Assert.That(async () => await task.Started.Task.WaitAsync(Deadline), Throws.Nothing, "the runner ran the task one second after its last start");
    }

    /// <summary>Lets the dead process's run finish; whatever it manages to do in a disposed host is irrelevant here.</summary>
    private static async Task AbandonAsync(Task<TaskRunOutcome> run)
    {
        try
        {
            await run;
        }
        catch (ObjectDisposedException)
        {
            // Its container is gone.
        }
    }

    private static Task<int> InsertAsync(ShopFactory shop, ScheduleTask definition) => shop.WithScopeAsync(async services =>
    {
        var tasks = services.GetRequiredService<IScheduleTaskService>();
        await tasks.InsertTaskAsync(definition);
        return (await tasks.GetTaskByTypeAsync(definition.Type))!.Id;
    });

    private static Task<DateTime?> LeaseUntilAsync(ShopFactory shop, int id) => shop.WithScopeAsync(services =>
        services.GetRequiredService<ShopDbContext>().ScheduleTasks.AsNoTracking().Where(t => t.Id == id)
            .Select(t => EF.Property<DateTime?>(t, ShopDbContext.TaskLeaseUntilUtc)).FirstAsync());

    /// <summary>A task that runs until the test releases it, ignoring cancellation as a hung run would.</summary>
    public sealed class HeldTask : IScheduleTask
    {
        private int _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => _runs;

        /// <summary>nopCommerce's shape, without a token.</summary>
        public async Task ExecuteAsync()
        {
            Interlocked.Increment(ref _runs);
            Started.TrySetResult();
            await Release.Task;
        }
    }
}
