using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Data;
using System.Data.Common;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>
/// The journal's group commit on a real PostgreSQL database, where a batch is one statement batch without a transaction
/// of its own: the batch must still be all or nothing, or the rows tried one by one after a refusal would be stored twice.
/// </summary>
[Category(TestCategories.Database)]
public sealed class JournalWriterPostgresTests
{
    private string _connectionString = "";
    private ServiceProvider _services = null!;
    private JournalWriter _writer = null!;
    private readonly CommandLog _commands = new();
    private readonly TransactionLog _transactions = new();
    private TaskCompletionSource _firstBatchHeld = null!;
    private TaskCompletionSource _firstBatchStarted = null!;

    [SetUp]
    public async Task SetUp()
    {
        _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        (_firstBatchHeld, _firstBatchStarted) = (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
        var services = new ServiceCollection();
        var hold = new HoldFirstBatch(this);
        services.AddDbContext<InterkassaDbContext>(o => o.UseNpgsql(_connectionString).AddInterceptors(hold, _commands, _transactions));
        _services = services.BuildServiceProvider();
        await using (var scope = _services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<InterkassaDbContext>().Database.EnsureCreatedAsync();
        _writer = new JournalWriter(_services.GetRequiredService<IServiceScopeFactory>(),
            Mock.Of<IStoreDatabase>(d => d.Provider == DatabaseProvider.PostgreSql));
        _commands.Texts.Clear();
        _transactions.Started = 0;
    }

    [TearDown]
    public async Task TearDown()
    {
        _writer.Dispose();
        await _services.DisposeAsync();
        await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_connectionString);
    }

    [Test]
    public async Task Rows_that_queue_behind_a_batch_go_in_one_statement_batch_without_begin_or_commit()
    {
        var first = _writer.AppendAsync(Row("1"));
        await _firstBatchStarted.Task;
        // A full batch queues behind the first: EF must send it as one statement batch, or it would not be atomic.
        var queued = Enumerable.Range(2, JournalWriter.MaxBatch).Select(i => _writer.AppendAsync(Row($"{i}"))).ToList();
        _firstBatchHeld.SetResult();
        await Task.WhenAll(queued.Append(first));
        var (batches, transactions) = (_commands.Texts.Count, _transactions.Started);

        Assert.Multiple(async () =>
        {
            Assert.That(batches, Is.EqualTo(2), "one batch for the first row, one for the full batch behind it");
            Assert.That(transactions, Is.Zero, "a batch is one statement batch, atomic without BEGIN and COMMIT");
            Assert.That(await StoredPaymentNumbersAsync(), Is.EquivalentTo(Enumerable.Range(1, JournalWriter.MaxBatch + 1).Select(i => $"{i}")));
        });
    }

    [Test]
    public async Task A_batch_PostgreSQL_refuses_stores_none_of_its_rows_so_each_good_row_is_stored_once()
    {
        var first = _writer.AppendAsync(Row("1"));
        await _firstBatchStarted.Task;
        // The refused row comes last: a batch that kept what ran before the refusal would store 2 and 3 twice.
        var good = new[] { _writer.AppendAsync(Row("2")), _writer.AppendAsync(Row("3")) };
        var refused = _writer.AppendAsync(Row("4", source: new string('x', 200)));
        _firstBatchHeld.SetResult();

        Assert.ThrowsAsync<DbUpdateException>(() => refused);
        await Task.WhenAll(good.Append(first));
        Assert.That(await StoredPaymentNumbersAsync(), Is.EquivalentTo(new[] { "1", "2", "3" }));
    }

    private async Task<List<string?>> StoredPaymentNumbersAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InterkassaDbContext>().Notifications.Select(n => n.PaymentNo).ToListAsync();
    }

    // The source column holds at most 16 characters: PostgreSQL, not EF, refuses a longer one.
    private static NotificationRecord Row(string paymentNo, string source = JournalSources.Notification) => new()
    {
        ReceivedOnUtc = DateTime.UtcNow,
        Body = "ik_pm_no=" + paymentNo,
        PaymentNo = paymentNo,
        Source = source,
        Verdict = NotificationVerdicts.Rejected,
        Reason = NotificationReasons.Signature,
    };

    /// <summary>Holds the first SaveChanges until the test lets it go, so the rows appended meanwhile queue behind it.</summary>
    private sealed class HoldFirstBatch(JournalWriterPostgresTests test) : SaveChangesInterceptor
    {
        private int _saves;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _saves) == 1)
            {
                test._firstBatchStarted.SetResult();
                await test._firstBatchHeld.Task;
            }
            return result;
        }
    }

    private sealed class TransactionLog : DbTransactionInterceptor
    {
        public int Started;

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Started);
            return base.TransactionStartedAsync(connection, eventData, result, cancellationToken);
        }
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Texts)
                Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
