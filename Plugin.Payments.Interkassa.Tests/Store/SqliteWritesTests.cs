using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Data;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>
/// SQLite writers wait for each other inside SQLite's busy handler (short back-off steps), not in the driver's loop that
/// sleeps a fixed 150 ms whenever SQLite answers SQLITE_BUSY (bench/SqliteWrites measures the difference).
/// </summary>
[Category(TestCategories.Database)]
public sealed class SqliteWritesTests
{
    [Test]
    public async Task The_store_context_and_a_plugin_context_open_connections_with_SQLites_busy_timeout_set()
    {
        await using var shop = await ShopFactory.StartAsync();

        var store = await shop.WithScopeAsync(services => BusyTimeoutAsync(services.GetRequiredService<ShopDbContext>()));
        var plugin = await shop.WithScopeAsync(async services =>
        {
            // A plugin's own context is configured through IStoreDatabase, as the Interkassa plugin's is.
            var options = new DbContextOptionsBuilder<DbContext>();
            services.GetRequiredService<IStoreDatabase>().Configure(options);
            await using var context = new DbContext(options.Options);
            return await BusyTimeoutAsync(context);
        });

        Assert.Multiple(() =>
        {
            Assert.That(store, Is.EqualTo(SqliteTuning.BusyTimeoutMilliseconds));
            Assert.That(plugin, Is.EqualTo(SqliteTuning.BusyTimeoutMilliseconds));
        });
    }

    [Test]
    public async Task An_explicit_transaction_that_waited_for_another_writer_commits_and_its_change_is_served_at_once()
    {
        await using var shop = await ShopFactory.StartAsync();
        var before = await StoreNameAsync(shop);
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection(shop.ConnectionString);
        await blocker.OpenAsync();
        var held = await blocker.BeginTransactionAsync();   // BEGIN IMMEDIATE: holds the write lock

        // SQLite's busy handler blocks its thread while it waits, so the writer gets a thread of its own.
        var write = Task.Run(() => shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Stores\" SET \"Name\" = 'Renamed while locked'");
            await transaction.CommitAsync();
        }));
        await held.RollbackAsync();
        await held.DisposeAsync();
        await write.WaitAsync(TimeSpan.FromSeconds(20));
        var after = await StoreNameAsync(shop);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Not.EqualTo("Renamed while locked"));
            Assert.That(after, Is.EqualTo("Renamed while locked"), "committed, and the cached store list was dropped on commit");
        });
    }

    [Test]
    public async Task Store_transactions_of_one_process_take_turns_in_memory_and_every_way_out_passes_the_turn_on()
    {
        await using var shop = await ShopFactory.StartAsync();
        await using var first = shop.Services.CreateAsyncScope();
        await using var second = shop.Services.CreateAsyncScope();
        await using var third = shop.Services.CreateAsyncScope();

        var committed = await first.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
        var waiting = second.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
        // Waiting in memory, not in SQLite's busy handler (which would block this thread until its timeout and then fail).
        Assert.That(waiting.IsCompleted, Is.False, "a second writer of this process waits for the first");

        await committed.CommitAsync();
        var rolledBack = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var afterRollback = third.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
        await rolledBack.DisposeAsync();   // disposed without a commit: rolled back
        await using var last = await afterRollback.WaitAsync(TimeSpan.FromSeconds(10));
        await last.CommitAsync();
    }

    [Test]
    public async Task A_pooled_context_enlisted_in_a_store_transaction_gets_its_own_connection_back_before_the_next_request()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            ConfigureServices = services => services.AddDbContextPool<EnlistedProbe>((provider, options) =>
                provider.GetRequiredService<IStoreDatabase>().Configure(options)),
        });

        EnlistedProbe enlisted;
        System.Data.Common.DbConnection storeConnection;
        await using (var request = shop.Services.CreateAsyncScope())
        {
            enlisted = request.ServiceProvider.GetRequiredService<EnlistedProbe>();
            storeConnection = request.ServiceProvider.GetRequiredService<ShopDbContext>().Database.GetDbConnection();
            await using var transaction = await request.ServiceProvider.GetRequiredService<IStoreTransactions>().BeginAsync();
            transaction.Enlist(enlisted);
            Assert.That(enlisted.Database.GetDbConnection(), Is.SameAs(storeConnection), "enlisted: the store context's connection");
            await transaction.CommitAsync();
        }

        await using var next = shop.Services.CreateAsyncScope();
        var reused = next.ServiceProvider.GetRequiredService<EnlistedProbe>();
        var answer = await reused.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(reused, Is.SameAs(enlisted), "the pool hands the same context to the next request");
            Assert.That(reused.Database.GetDbConnection(), Is.Not.SameAs(storeConnection));
            Assert.That(answer, Is.EqualTo(1));
        });
    }

    private static Task<string> StoreNameAsync(ShopFactory shop) => shop.WithScopeAsync(async services =>
        (await services.GetRequiredService<Shop.Abstractions.Stores.IStoreService>().GetAllStoresAsync())[0].Name);

    private static async Task<long> BusyTimeoutAsync(DbContext context)
    {
        await context.Database.OpenConnectionAsync();
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>A plugin-like context, pooled, configured through <see cref="IStoreDatabase"/>.</summary>
public sealed class EnlistedProbe(DbContextOptions<EnlistedProbe> options) : DbContext(options);
