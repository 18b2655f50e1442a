using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Tasks;
using Shop.Web.Data;
using Shop.Web.Services.Tasks;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>What happens around the store's life: demo mode's first run, plugin updates, scheduled tasks, the client address.</summary>
[Category(TestCategories.Database)]
public sealed class StoreLifecycleTests
{
    [Test]
    public async Task Demo_mode_installs_and_activates_the_Interkassa_plugin_on_first_run()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            DemoMode = true,
            SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay, systemName: "Payments.Interkassa"),
        });

        var active = await shop.WithScopeAsync(async services =>
        {
            var methods = await services.GetRequiredService<IPaymentService>().GetActivePaymentMethodsAsync(1);
            return methods.Select(m => m.PluginDescriptor.SystemName).ToList();
        });

        Assert.That(active, Is.EqualTo(new[] { "Payments.Interkassa" }));
    }

    [Test]
    public async Task Without_demo_mode_nothing_is_installed_on_first_run()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay, systemName: "Payments.Interkassa"),
        });

        var installed = await shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().InstalledPlugins.CountAsync());

        Assert.That(installed, Is.Zero);
    }

    [Test]
    public async Task A_new_version_in_plugin_json_runs_UpdateAsync_from_the_installed_version_at_start_up()
    {
        var root = Directory.CreateTempSubdirectory("shop-update-").FullName;
        try
        {
            var plugins = Path.Combine(root, "Plugins");
            var database = $"Data Source={Path.Combine(root, "shop.db")}";
            TestPlugins.WriteFolder(plugins, TestPluginKind.TestPay, version: "1.0.0");
            await using (var first = await ShopFactory.StartAsync(new ShopFactoryOptions { ConnectionString = database, PluginsDirectory = plugins }))
                await PaymentPluginFlowTests.InstallAsync(first);

            TestPlugins.WriteFolder(plugins, TestPluginKind.TestPay, version: "1.1.0");
            await using var second = await ShopFactory.StartAsync(new ShopFactoryOptions { ConnectionString = database, PluginsDirectory = plugins });
            var (version, updated) = await second.WithScopeAsync(async services => (
                await services.GetRequiredService<ShopDbContext>().InstalledPlugins.Select(p => p.Version).SingleAsync(),
                await services.GetRequiredService<ISettingService>().GetSettingByKeyAsync<string?>("testpaysettings.updated")));

            Assert.Multiple(() =>
            {
                Assert.That(version, Is.EqualTo("1.1.0"));
                Assert.That(updated, Is.EqualTo("1.0.0->1.1.0"));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_database_made_by_an_older_store_gets_the_new_store_strings_and_keeps_the_ones_the_admin_edited()
    {
        var root = Directory.CreateTempSubdirectory("shop-strings-").FullName;
        try
        {
            var database = $"Data Source={Path.Combine(root, "shop.db")}";
            await using (var older = await ShopFactory.StartAsync(new ShopFactoryOptions { ConnectionString = database }))
            {
                // What an older store left behind: a string it did not have yet (in every language), and one the admin reworded.
                await older.WithScopeAsync(async services =>
                {
                    var db = services.GetRequiredService<ShopDbContext>();
                    await db.LocaleStringResources.Where(r => r.ResourceName == "orders.note.markedpaid").ExecuteDeleteAsync();
                    var russian = await db.Languages.Where(l => l.LanguageCulture == "ru-RU").Select(l => l.Id).SingleAsync();
                    await db.LocaleStringResources.Where(r => r.ResourceName == "catalog.title" && r.LanguageId == russian)
                        .ExecuteUpdateAsync(u => u.SetProperty(r => r.ResourceValue, "Наши товары"));
                });
            }

            await using var upgraded = await ShopFactory.StartAsync(new ShopFactoryOptions { ConnectionString = database });
            var strings = await upgraded.WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<ShopDbContext>();
                var cultures = await db.Languages.ToDictionaryAsync(l => l.Id, l => l.LanguageCulture);
                var rows = await db.LocaleStringResources
                    .Where(r => r.ResourceName == "orders.note.markedpaid" || r.ResourceName == "catalog.title").ToListAsync();
                return rows.Select(r => (LanguageCulture: cultures[r.LanguageId], r.ResourceName, r.ResourceValue)).ToList();
            });
            string Value(string culture, string name) => strings.Single(r => r.LanguageCulture == culture && r.ResourceName == name).ResourceValue;

            Assert.Multiple(() =>
            {
                Assert.That(strings.Count(r => r.ResourceName == "orders.note.markedpaid"), Is.EqualTo(3), "added back in ru-RU, en-US and uk-UA");
                Assert.That(Value("ru-RU", "orders.note.markedpaid"), Is.EqualTo("Заказ отмечен как оплаченный."));
                Assert.That(Value("ru-RU", "catalog.title"), Is.EqualTo("Наши товары"), "the admin's wording is kept");
                Assert.That(Value("en-US", "catalog.title"), Is.EqualTo("Catalogue"));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Two_processes_adding_the_same_missing_store_strings_at_once_both_finish_and_add_each_once()
    {
        var race = new StringInsertRace();
        await using var shop = await ShopFactory.StartOnPostgresAsync(new ShopFactoryOptions
        {
            ConfigureServices = services => services.AddSingleton<IInterceptor>(race),
        });
        await shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().LocaleStringResources
            .Where(r => r.ResourceName.StartsWith("orders.note.")).ExecuteDeleteAsync());

        // Each with its own scope and connection, as two store processes starting on one database; each language's
        // insert waits until the other has read the names too, so both try to add the same strings.
        race.Armed = true;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => shop.WithScopeAsync(services =>
            services.GetRequiredService<Shop.Web.Services.Localization.StoreLanguagePacks>().AddMissingStringsAsync()))));
        race.Armed = false;

        var added = await shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().LocaleStringResources
            .Where(r => r.ResourceName == "orders.note.markedpaid").CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(race.Met, Is.EqualTo(3), "both reached each language's insert together");
            Assert.That(added, Is.EqualTo(3), "once per language");
        });
    }

    [Test]
    public async Task A_scheduled_task_runs_once_at_a_time_under_its_lease_and_records_the_outcome()
    {
        var gate = new BlockingTask();
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { ConfigureServices = s => s.AddSingleton(gate) });
        var id = await shop.WithScopeAsync(async services =>
        {
            var tasks = services.GetRequiredService<IScheduleTaskService>();
            await tasks.InsertTaskAsync(new ScheduleTask { Name = "Blocking", Type = typeof(BlockingTask).AssemblyQualifiedName!, Seconds = 3600 });
            return (await tasks.GetTaskByTypeAsync(typeof(BlockingTask).AssemblyQualifiedName!))!.Id;
        });
        var executor = shop.Services.GetRequiredService<ScheduleTaskExecutor>();

        var running = executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None);
        await gate.Started.Task;
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => executor.RunAsync(id, onlyWhenDue: false, CancellationToken.None)));
        gate.Release.SetResult();
        var first = await running;
        var notDue = await executor.RunAsync(id, onlyWhenDue: true, CancellationToken.None);
        var stored = await shop.WithScopeAsync(services => services.GetRequiredService<IScheduleTaskService>().GetTaskByTypeAsync(typeof(BlockingTask).AssemblyQualifiedName!));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(TaskRunOutcome.Succeeded));
            Assert.That(concurrent, Has.All.EqualTo(TaskRunOutcome.Busy));
            Assert.That(notDue, Is.EqualTo(TaskRunOutcome.NotDue));
            Assert.That(gate.Runs, Is.EqualTo(1));
            Assert.That(stored!.LastSuccessUtc, Is.Not.Null);
            Assert.That(stored.LastError, Is.Null);
        });
    }

    [Test]
    public async Task The_client_address_comes_from_forwarded_headers_of_a_trusted_proxy_only()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay) });
        await PaymentPluginFlowTests.InstallAsync(shop);

        using var direct = await shop.Client.GetStringAsync(new Uri("/testpay/ip", UriKind.Relative)).ContinueWith(t => new StringContent(t.Result));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/testpay/ip", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var forwarded = await shop.Client.SendAsync(request);

        Assert.Multiple(async () =>
        {
            Assert.That(await direct.ReadAsStringAsync(), Is.EqualTo("127.0.0.1"));
            Assert.That(await forwarded.Content.ReadAsStringAsync(), Is.EqualTo("203.0.113.7"), "loopback is a trusted proxy by default");
        });
    }

    /// <summary>A task that holds its lease until the test releases it.</summary>
    public sealed class BlockingTask : ICancellableScheduleTask
    {
        private int _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => _runs;

        public Task ExecuteAsync() => throw new InvalidOperationException("The store prefers the cancellable overload.");

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>While <see cref="Armed"/>, an insert of store strings waits for a second one, so two writers race for real.</summary>
    private sealed class StringInsertRace : DbCommandInterceptor
    {
        private readonly Barrier _both = new(2);
        private int _met;

        public volatile bool Armed;

        /// <summary>How many times two inserts met.</summary>
        public int Met => Volatile.Read(ref _met) / 2;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains("INSERT INTO \"LocaleStringResources\"", StringComparison.Ordinal))
            {
                if (!await Task.Run(() => _both.SignalAndWait(Poll.Deadline, cancellationToken), cancellationToken))
                    throw new TimeoutException("The second writer never reached its insert of store strings.");
                Interlocked.Increment(ref _met);
            }
            return result;
        }
    }
}
