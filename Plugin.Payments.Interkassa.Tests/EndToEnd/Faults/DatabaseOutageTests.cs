using System.Net;
using System.Text.Json;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Faults;

/// <summary>
/// The database goes away or stops taking writes while Interkassa keeps posting: every answer is <c>503 ERR retry</c>
/// (Interkassa retries), never a 500 or a stack trace; <c>/health</c> says so; and the store recovers by itself.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class DatabaseOutageTests
{
    [Test]
    public async Task While_PostgreSQL_is_stopped_every_notification_answers_503_ERR_retry_and_health_is_unhealthy()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            ConnectionString = connectionString,
            // Every request reads the cache stamp, so even the installed-plugin gate goes to the database.
            Settings = new Dictionary<string, string?>(Operate.NoBackgroundTasks) { ["Cache:StampCheckMilliseconds"] = "0" },
        });
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);
        var notification = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await store.PaidInvoiceAsync(purchase)));

        await server.StopAsync();
        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 4; i++)
            answers.Add(await store.NotifyAsync(notification));
        answers.Add(await store.NotifyAsync([new("ik_co_id", "malformed")]));
        var (healthStatus, health) = await HealthAsync(store.Shop);
        await server.RestartAsync();

        // Interkassa retries; connections the pool kept from before the outage fail once each and are dropped.
        var afterwards = await store.NotifyAsync(notification);
        for (var attempt = 0; attempt < 20 && afterwards.Status == HttpStatusCode.ServiceUnavailable; attempt++)
            afterwards = await store.NotifyAsync(notification);
        var order = await store.ReloadAsync(purchase.Order);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(answers.Select(a => a.Body), Is.All.EqualTo("ERR retry"));
            Assert.That(healthStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(DatabaseCheck(health), Is.EqualTo("Unhealthy"));
            Assert.That(afterwards, Is.EqualTo((HttpStatusCode.OK, "OK")), "accepted once the database is back, without a restart");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    [Test]
    public async Task A_read_only_SQLite_file_makes_health_unhealthy_and_notifications_503_until_it_is_writable_again()
    {
        await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);
        var notification = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await store.PaidInvoiceAsync(purchase)));
        var file = Path.Combine(store.Shop.TempDirectory, "shop.db");
        // Root ignores file modes, so the file and its write-ahead log are made immutable (chattr +i) instead; the
        // shared-memory index stays writable (SQLite maps it, and a write to an immutable mapping kills the process).
        string[] files = [file, file + "-wal"];

        (HttpStatusCode, string) readOnlyHealth, readOnlyAnswer, secondReadOnlyAnswer;
        await ProcessRunner.RunAsync("chattr", ["+i", .. files], TimeSpan.FromSeconds(30));
        // The pool's connections are replaced during the outage (as idle pruning and load do): SQLite opens a file it
        // cannot write read-only, and such a connection stays read-only after the file is writable again.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            readOnlyHealth = await HealthAsync(store.Shop);
            readOnlyAnswer = await store.NotifyAsync(notification);
            secondReadOnlyAnswer = await store.NotifyAsync(notification);
        }
        finally
        {
            await ProcessRunner.RunAsync("chattr", ["-i", .. files], TimeSpan.FromSeconds(30));
        }
        var writableAnswer = await store.NotifyAsync(notification);
        var writableHealth = await HealthAsync(store.Shop);
        var order = await store.ReloadAsync(purchase.Order);

        Assert.Multiple(() =>
        {
            Assert.That(readOnlyHealth.Item1, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(DatabaseCheck(readOnlyHealth.Item2), Is.EqualTo("Unhealthy"), "a read alone would have called it healthy");
            Assert.That(readOnlyAnswer, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(secondReadOnlyAnswer, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(writableAnswer, Is.EqualTo((HttpStatusCode.OK, "OK")), "the first notification after the file is writable again is applied");
            Assert.That(DatabaseCheck(writableHealth.Item2), Is.EqualTo("Healthy"));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    private static async Task<(HttpStatusCode, string)> HealthAsync(ShopFactory shop)
    {
        using var client = shop.CreateBrowser();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? DatabaseCheck(string healthJson)
    {
        using var document = JsonDocument.Parse(healthJson);
        return document.RootElement.GetProperty("checks").EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("name").GetString() == "database").GetProperty("status").GetString();
    }
}
