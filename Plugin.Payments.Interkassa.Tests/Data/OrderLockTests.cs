using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using System.Data.Common;

namespace Plugin.Payments.Interkassa.Tests.Data;

/// <summary>The per-order lock on a real SQLite file: what it sends, and that it refuses to run where it would hold nothing.</summary>
[Category(TestCategories.Fast)]
public sealed class OrderLockTests
{
    private string _file = "";
    private readonly CommandLog _commands = new();
    private InterkassaDbContext _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _file = Path.Combine(Path.GetTempPath(), $"ik-lock-{Guid.NewGuid():N}.db");
        _db = new InterkassaDbContext(new DbContextOptionsBuilder<InterkassaDbContext>()
            .UseSqlite($"Data Source={_file};Pooling=false").AddInterceptors(_commands).Options);
        await _db.Database.EnsureCreatedAsync();
        _commands.Texts.Clear();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _db.DisposeAsync();
        File.Delete(_file);
    }

    [Test]
    public void Outside_a_transaction_the_lock_is_refused_rather_than_taken_for_nothing()
    {
        var refused = Assert.ThrowsAsync<InvalidOperationException>(() => _db.LockOrderAsync(7, CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("inside a store transaction"));
    }

    [Test]
    public async Task On_SQLite_the_transactions_write_lock_is_the_order_lock_and_no_statement_is_sent()
    {
        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is held from here, as a store transaction holds it.
        await using var transaction = await _db.Database.BeginTransactionAsync();
        _commands.Texts.Clear();

        await _db.LockOrderAsync(7, CancellationToken.None);

        Assert.That(_commands.Texts, Is.Empty, "a no-op UPDATE would only dirty pages the commit then has to sync");
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
