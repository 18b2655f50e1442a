using System.Net;
using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// What one notification costs the database, in commands — each a round trip on PostgreSQL, where the load benchmark
/// showed round trips, not the plugin's own work, setting the pace. Counted over the store's and the plugin's contexts
/// with warm caches, as in steady operation; the store's once-a-second cache stamp check is not the notification's.
/// </summary>
[Category(TestCategories.Database)]
public sealed class NotificationRoundTripTests
{
    private readonly CommandCounter _commands = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _store = await InterkassaStore.StartAsync(postgres: true, new ShopFactoryOptions
    {
        ConfigureServices = services => services.AddSingleton<IInterceptor>(_commands),
        // The plugin's context is configured through IStoreDatabase: count its commands too.
        ConfigureContainer = builder => builder.RegisterDecorator<IStoreDatabase>((_, _, inner) => new CountingStoreDatabase(inner, _commands)),
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_forged_notification_costs_one_command_the_journal_insert()
    {
        var purchase = await CheckoutAsync();
        var forged = InterkassaStore.Signed(InterkassaStore.Notification(purchase), key: "a-key-no-store-has-000000");
        await _store.NotifyAsync(forged); // warms the caches

        var (status, body, commands) = await CountAsync(forged);

        Assert.Multiple(() =>
        {
            Assert.That((status, body), Is.EqualTo((HttpStatusCode.BadRequest, "ERR signature")));
            Assert.That(commands, Has.Count.EqualTo(1), Listing(commands));
            Assert.That(commands[0], Does.StartWith("INSERT INTO \"Interkassa_Notification\""), Listing(commands));
        });
    }

    [Test]
    public async Task A_repeat_costs_three_commands_then_two_the_recorded_lookup_is_kept_but_the_order_is_read_every_time()
    {
        var purchase = await CheckoutAsync();
        var paid = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        Assert.That(await _store.NotifyAsync(paid), Is.EqualTo((HttpStatusCode.OK, "OK")), "first delivery");

        var first = await CountAsync(paid);
        var later = await CountAsync(paid);

        Assert.Multiple(() =>
        {
            Assert.That((first.Status, first.Body), Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(first.Commands, Has.Count.EqualTo(3), "delivery read, order read, journal insert. " + Listing(first.Commands));
            Assert.That((later.Status, later.Body), Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(later.Commands, Has.Count.EqualTo(2), "order read, journal insert. " + Listing(later.Commands));
            Assert.That(later.Commands[0], Does.StartWith("SELECT").And.Contain("\"Orders\""), Listing(later.Commands));
            Assert.That(later.Commands.Count(c => c.StartsWith("INSERT", StringComparison.Ordinal) || c.StartsWith("UPDATE", StringComparison.Ordinal)),
                Is.EqualTo(1), "one write: the journal row. " + Listing(later.Commands));
        });
    }

    [Test]
    public async Task A_kept_lookup_does_not_hide_an_order_that_became_payable_again()
    {
        var purchase = await CheckoutAsync();
        var paid = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        await _store.NotifyAsync(paid);
        await _store.NotifyAsync(paid);   // a repeat: its lookup is kept from now on
        await _store.Shop.WithScopeAsync(services => services.GetRequiredService<Shop.Web.Data.ShopDbContext>().Orders
            .Where(o => o.Id == purchase.Order.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.PaymentStatus, Shop.Abstractions.Domain.PaymentStatus.Pending)));

        var answer = await _store.NotifyAsync(paid);
        var order = await _store.ReloadAsync(purchase.Order);
        var verdict = (await _store.JournalAsync(purchase.PaymentNo)).Last().Detail;

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(order.PaymentStatus, Is.EqualTo(Shop.Abstractions.Domain.PaymentStatus.Paid), "the order is read every time");
            Assert.That(verdict, Does.Contain("CompletedMarkPaid"));
        });
    }

    [Test]
    public async Task A_first_paid_notification_costs_eleven_commands_nine_of_them_in_its_one_transaction()
    {
        // Read the request and applied states, read the order; then one transaction: lock, re-read the order, claim,
        // earlier paid invoice?, the store's mark-paid (one update that returns the row), its note, the transaction id,
        // our note, the journal.
        var purchase = await CheckoutAsync();
        var paid = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase), key: "a-key-no-store-has-000000")); // warms the caches

        var (status, body, commands) = await CountAsync(paid);

        Assert.Multiple(() =>
        {
            Assert.That((status, body), Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(commands, Has.Count.EqualTo(11), Listing(commands));
            Assert.That(commands.Count(c => c.Contains("FROM \"Orders\"", StringComparison.Ordinal)), Is.EqualTo(2),
                "the order is read before the transaction and once under the lock, not again after it is paid");
            Assert.That(commands[^1], Does.StartWith("INSERT INTO \"Interkassa_Notification\""), "the journal row is the transaction's last write");
            Assert.That(commands.Single(c => c.StartsWith("UPDATE \"Orders\" SET \"PaymentStatus\"", StringComparison.Ordinal)),
                Does.Contain("\"PaidEventDueUtc\" = "), "the paid event's stamp rides in the mark-paid statement, no command of its own");
        });
    }

    [Test]
    public async Task A_test_payway_notification_in_live_mode_is_still_refused_as_a_test_payment_not_as_a_bad_signature()
    {
        // The key check before any read tries every configured key whatever the mode, so the specific reason survives.
        var purchase = await CheckoutAsync();
        await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.TestMode"] = "false" });
        try
        {
            var (status, body, commands) = await CountAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase)));
            Assert.Multiple(() =>
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(body, Is.EqualTo("ERR " + NotificationReasons.TestPayment), "the test payway refused as such, not as a bad signature");
                Assert.That(commands.Any(c => c.Contains("\"Interkassa_PaymentRequest\"", StringComparison.Ordinal)), Is.True, Listing(commands));
            });
        }
        finally
        {
            using var restored = await _store.SaveConfigurationAsync(_store.SandboxConfiguration());
        }
    }

    private async Task<Purchase> CheckoutAsync()
    {
        using var buyer = _store.Shop.CreateBrowser();
        return await _store.CheckoutAsync(buyer);
    }

    private async Task<(HttpStatusCode Status, string Body, List<string> Commands)> CountAsync(List<KeyValuePair<string, string>> fields)
    {
        _commands.Clear();
        var (status, body) = await _store.NotifyAsync(fields);
        // Left out: the store's background writes, which run off the request whenever they run (the cache stamp, and
        // the batched confirmation that paid events reached their consumers).
        var commands = _commands.Commands.Where(c => !c.Contains("shop.cache.stamp", StringComparison.Ordinal)
            && !c.Contains("SET \"PaidEventDueUtc\" = NULL", StringComparison.Ordinal)).ToList();
        return (status, body, commands);
    }

    private static string Listing(IEnumerable<string> commands) =>
        "Commands:\n" + string.Join("\n", commands.Select(c => c.ReplaceLineEndings(" ")[..Math.Min(200, c.Length)]));

    /// <summary>The store's database, with the counter on every context configured through it (the plugin's).</summary>
    private sealed class CountingStoreDatabase(IStoreDatabase inner, CommandCounter counter) : IStoreDatabase
    {
        public DatabaseProvider Provider => inner.Provider;

        public void Configure(DbContextOptionsBuilder options) => Configure(options, migrationsHistoryTable: null);

        public void Configure(DbContextOptionsBuilder options, string? migrationsHistoryTable)
        {
            inner.Configure(options, migrationsHistoryTable);
            options.AddInterceptors(counter);
        }
    }
}
