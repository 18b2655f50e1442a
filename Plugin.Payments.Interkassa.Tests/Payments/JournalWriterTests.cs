using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>
/// The journal's group commit on a real SQLite file, with Moq standing in for the store's transactions: a gate in
/// <c>BeginAsync</c> holds the first batch, so what queues meanwhile is known exactly.
/// </summary>
[Category(TestCategories.Fast)]
public sealed class JournalWriterTests
{
    private const string Poison = "poison";

    private string _file = "";
    private ServiceProvider _services = null!;
    private JournalWriter _writer = null!;
    private int _transactions;
    private int _commits;
    private int _databaseDownFromTransaction;
    private TaskCompletionSource? _firstBatchHeld;
    private TaskCompletionSource _firstBatchStarted = null!;

    [SetUp]
    public async Task SetUp()
    {
        (_transactions, _commits, _firstBatchHeld, _databaseDownFromTransaction) = (0, 0, null, int.MaxValue);
        _firstBatchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _file = Path.Combine(Path.GetTempPath(), $"journal-writer-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddDbContext<InterkassaDbContext>(o => o.UseSqlite($"Data Source={_file};Pooling=false").AddInterceptors(new RefusePoison()));
        services.AddScoped(_ => StoreTransactions().Object);
        _services = services.BuildServiceProvider();
        await using (var scope = _services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<InterkassaDbContext>().Database.EnsureCreatedAsync();
        _writer = new JournalWriter(_services.GetRequiredService<IServiceScopeFactory>(),
            Mock.Of<IStoreDatabase>(d => d.Provider == DatabaseProvider.Sqlite));
    }

    [TearDown]
    public async Task TearDown()
    {
        _writer.Dispose();
        await _services.DisposeAsync();
        File.Delete(_file);
    }

    [Test]
    public async Task Rows_that_queue_behind_a_batch_are_committed_together_and_each_caller_returns_after_its_commit()
    {
        _firstBatchHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _writer.AppendAsync(Row("1"));
        await _firstBatchStarted.Task;
        var queued = Enumerable.Range(2, 10).Select(i => _writer.AppendAsync(Row(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        Assert.That(queued.Any(t => t.IsCompleted) || first.IsCompleted, Is.False, "nobody may return before its row is committed");
        _firstBatchHeld.SetResult();
        await Task.WhenAll(queued.Append(first));

        var stored = await StoredPaymentNumbersAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EquivalentTo(Enumerable.Range(1, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(_transactions, Is.EqualTo(2), "one transaction for the first row, one for the ten that queued behind it");
            Assert.That(_commits, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_row_the_database_refuses_fails_only_its_own_caller()
    {
        _firstBatchHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _writer.AppendAsync(Row("1"));
        await _firstBatchStarted.Task;
        var good = new[] { _writer.AppendAsync(Row("2")), _writer.AppendAsync(Row("3")) };
        var poisoned = _writer.AppendAsync(Row(Poison));
        _firstBatchHeld.SetResult();

        Assert.ThrowsAsync<DbUpdateException>(() => poisoned);
        await Task.WhenAll(good.Append(first));
        Assert.That(await StoredPaymentNumbersAsync(), Is.EquivalentTo(new[] { "1", "2", "3" }));
    }

    [Test]
    public async Task When_the_database_is_down_the_whole_batch_fails_at_once_without_a_try_per_row()
    {
        _firstBatchHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _databaseDownFromTransaction = 2;
        var first = _writer.AppendAsync(Row("1"));
        await _firstBatchStarted.Task;
        var queued = Enumerable.Range(2, 5).Select(i => _writer.AppendAsync(Row(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        _firstBatchHeld.SetResult();
        await first;

        foreach (var delivery in queued)
            Assert.ThrowsAsync<TimeoutException>(() => delivery);
        Assert.That(_transactions, Is.EqualTo(2), "one try for the five queued rows, not one per row");
    }

    [Test]
    public void When_nothing_can_be_stored_the_caller_hears_it()
    {
        Assert.ThrowsAsync<DbUpdateException>(() => _writer.AppendAsync(Row(Poison)));
    }

    private async Task<List<string?>> StoredPaymentNumbersAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InterkassaDbContext>().Notifications.Select(n => n.PaymentNo).ToListAsync();
    }

    private static NotificationRecord Row(string paymentNo) => new()
    {
        ReceivedOnUtc = DateTime.UtcNow,
        Body = "ik_pm_no=" + paymentNo,
        PaymentNo = paymentNo,
        Verdict = NotificationVerdicts.Rejected,
        Reason = NotificationReasons.Signature,
    };

    /// <summary>The store's transactions, minus the store: the context commits on its own; the first begin can be held.</summary>
    private Mock<IStoreTransactions> StoreTransactions()
    {
        var transactions = new Mock<IStoreTransactions>();
        transactions.Setup(t => t.BeginAsync(It.IsAny<CancellationToken>())).Returns(async () =>
        {
            var number = Interlocked.Increment(ref _transactions);
            if (number == 1 && _firstBatchHeld is { } held)
            {
                _firstBatchStarted.SetResult();
                await held.Task;
            }
            if (number >= _databaseDownFromTransaction)
                throw new TimeoutException("the database does not answer");

            var transaction = new Mock<IStoreTransaction>();
            transaction.Setup(t => t.CommitAsync(It.IsAny<CancellationToken>())).Returns(() =>
            {
                Interlocked.Increment(ref _commits);
                return Task.CompletedTask;
            });
            return transaction.Object;
        });
        return transactions;
    }

    /// <summary>Stands for any row the database refuses.</summary>
    private sealed class RefusePoison : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<NotificationRecord>().Any(e => e.State == EntityState.Added && e.Entity.PaymentNo == Poison))
                throw new DbUpdateException("refused");
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
