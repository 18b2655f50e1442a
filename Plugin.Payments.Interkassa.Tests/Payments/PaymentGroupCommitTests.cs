using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>
/// On SQLite, first payments that arrive while another is being written commit together (<see cref="PaymentGroupCommit"/>).
/// The store's write turn is held by the test so that the grouping is certain, not a matter of timing: the first payment
/// waits for the turn alone, the others queue behind it and form the next group.
/// </summary>
[Category(TestCategories.Database)]
public sealed class PaymentGroupCommitTests
{
    private readonly EventCounter<OrderPaidEvent> _paidEvents = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidEvents),
        });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Payments_that_queue_behind_a_write_commit_as_one_group_and_each_is_applied_once()
    {
        var purchases = await PurchasesAsync(5);
        var paid = await PaidNotificationsAsync(purchases);
        // The second payment's notification comes twice in the same group: the second copy must see the first's claim.
        var answers = await NotifyTogetherAsync(paid[0], [.. paid.Skip(1), paid[1]]);

        var duplicated = await _store.JournalAsync(purchases[1].PaymentNo);
        var applied = await AppliedAsync(purchases);
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(applied, Is.All.EqualTo((PaymentStatus.Paid, 1, 1)), "each order: paid, one payment note, one OrderPaidEvent");
            Assert.That(duplicated.Select(r => (r.Verdict, r.Detail)), Is.EqualTo(new[]
            {
                (NotificationVerdicts.Applied, JournalDetail.Of("MarkedPaid")),
                (NotificationVerdicts.Repeat, JournalDetail.Of("InvoiceAlreadyRecorded")),
            }));
        });
    }

    [Test]
    public async Task A_payment_that_fails_inside_a_group_fails_alone_and_the_others_are_applied()
    {
        var purchases = await PurchasesAsync(4);
        var paid = await PaidNotificationsAsync(purchases);
        var failing = purchases[2].Order.Id;
        // The store refuses the failing order's notes, as a database refuses a write it cannot take.
        await ExecuteAsync($"CREATE TRIGGER refuse_notes BEFORE INSERT ON \"OrderNotes\" WHEN NEW.\"OrderId\" = {failing} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        List<(HttpStatusCode Status, string Body)> answers;
        try
        {
            answers = await NotifyTogetherAsync(paid[0], paid.Skip(1).ToList());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_notes");
        }

        var unpaid = await _store.ReloadAsync(purchases[2].Order);
        var resent = await _store.NotifyAsync(paid[2]);
        var applied = await AppliedAsync(purchases);
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[]
            {
                (HttpStatusCode.OK, "OK"), (HttpStatusCode.OK, "OK"), (HttpStatusCode.ServiceUnavailable, "ERR retry"), (HttpStatusCode.OK, "OK"),
            }));
            Assert.That(unpaid.PaymentStatus, Is.EqualTo(PaymentStatus.Pending), "nothing of the failed payment was kept");
            Assert.That(resent, Is.EqualTo((HttpStatusCode.OK, "OK")), "Interkassa's resend applies it");
            Assert.That(applied, Is.All.EqualTo((PaymentStatus.Paid, 1, 1)), "each order: paid, one payment note, one OrderPaidEvent");
        });
    }

    [Test]
    public async Task A_group_that_meets_a_read_only_database_stores_nothing_answers_each_503_and_the_resends_apply_each_once()
    {
        var purchases = await PurchasesAsync(3);
        var paid = await PaidNotificationsAsync(purchases);
        var file = Path.Combine(_store.Shop.TempDirectory, "shop.db");
        // As in DatabaseOutageTests: root ignores file modes, so the file and its log are made immutable instead.
        string[] files = [file, file + "-wal"];

        List<(HttpStatusCode Status, string Body)> answers;
        await ProcessRunner.RunAsync("chattr", ["+i", .. files], TimeSpan.FromSeconds(30));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            answers = await NotifyTogetherAsync(paid[0], paid.Skip(1).ToList());
        }
        finally
        {
            await ProcessRunner.RunAsync("chattr", ["-i", .. files], TimeSpan.FromSeconds(30));
        }

        var unpaid = new List<PaymentStatus>();
        foreach (var purchase in purchases)
            unpaid.Add((await _store.ReloadAsync(purchase.Order)).PaymentStatus);
        var resent = new List<(HttpStatusCode Status, string Body)>();
        foreach (var notification in paid)
            resent.Add(await _store.NotifyAsync(notification));
        var applied = await AppliedAsync(purchases);
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(unpaid, Is.All.EqualTo(PaymentStatus.Pending), "nothing of the group was kept");
            Assert.That(resent, Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(applied, Is.All.EqualTo((PaymentStatus.Paid, 1, 1)), "each order: paid, one payment note, one OrderPaidEvent");
        });
    }

    /// <summary>
    /// Holds the store's write turn, posts <paramref name="first"/> and waits until it waits for the turn alone, then posts
    /// <paramref name="rest"/> and waits until all of them are queued; releases the turn and returns every answer in order.
    /// </summary>
    private async Task<List<(HttpStatusCode Status, string Body)>> NotifyTogetherAsync(List<KeyValuePair<string, string>> first,
        IReadOnlyList<List<KeyValuePair<string, string>>> rest)
    {
        var groupCommit = _store.Shop.Services.GetRequiredService<PaymentGroupCommit>();
        var gate = _store.Shop.Services.GetRequiredService<SqliteWriteGate>();
        var answers = new List<Task<(HttpStatusCode Status, string Body)>>();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            answers.Add(_store.NotifyAsync(first));
            await UntilAsync(() => groupCommit.Applying == 1 && groupCommit.Queued == 0, "the first payment waits for the write turn alone");
            answers.AddRange(rest.Select(_store.NotifyAsync));
            await UntilAsync(() => groupCommit.Queued == rest.Count, $"the other {rest.Count} queue for the next group");
        }

        return [.. await Task.WhenAll(answers)];
    }

    private async Task<List<Purchase>> PurchasesAsync(int count)
    {
        var purchases = new List<Purchase>();
        for (var i = 0; i < count; i++)
        {
            using var buyer = _store.Shop.CreateBrowser();
            purchases.Add(await _store.CheckoutAsync(buyer));
        }

        return purchases;
    }

    private async Task<List<List<KeyValuePair<string, string>>>> PaidNotificationsAsync(IEnumerable<Purchase> purchases)
    {
        var notifications = new List<List<KeyValuePair<string, string>>>();
        foreach (var purchase in purchases)
            notifications.Add(InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase))));
        return notifications;
    }

    /// <summary>Each order's payment status, its payment notes and the OrderPaidEvents published for it.</summary>
    private async Task<List<(PaymentStatus Status, int PaymentNotes, int PaidEvents)>> AppliedAsync(IEnumerable<Purchase> purchases)
    {
        var applied = new List<(PaymentStatus, int, int)>();
        foreach (var purchase in purchases)
        {
            var notes = await _store.NotesAsync(purchase.Order);
            applied.Add(((await _store.ReloadAsync(purchase.Order)).PaymentStatus,
                notes.Count(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)),
                _paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id)));
        }

        return applied;
    }

    private Task ExecuteAsync(string sql) =>
        _store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Database.ExecuteSqlRawAsync(sql));

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                Assert.Fail($"Not reached in 30 s: {what}.");
            await Task.Delay(5);
        }
    }
}
