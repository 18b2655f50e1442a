using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>
/// The journal page (<c>/Admin/PaymentInterkassa/Journal</c>) over 100 000 bulk rows plus the rows real deliveries
/// wrote: filters, keyset paging and retention, on SQLite and on PostgreSQL.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class JournalTests(string database)
{
    private const string JournalPath = "/Admin/PaymentInterkassa/Journal";
    private const int BulkRows = 100_000;
    private const int PageSize = 50;

    /// <summary>Bulk row i was received at <see cref="_bulkStart"/> + i minutes (all within the default retention).</summary>
    private DateTime _bulkStart;
    private long _bulkFirstId;
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });
        _bulkStart = DateTime.UtcNow.Date.AddDays(-80);
        var watch = Stopwatch.StartNew();
        await InsertAsync(Enumerable.Range(0, BulkRows).Select(i => new NotificationRecord
        {
            ReceivedOnUtc = _bulkStart.AddMinutes(i),
            SourceAddress = "203.0.113.7",
            Body = $"ik_pm_no=bulk-{i % 500}&ik_inv_st=success&ik_am=50.00&ik_sign=QmFzZTY0U2lnbmF0dXJlVmFsdWU{i % 10}%3D%3D",
            PaymentNo = "bulk-" + (i % 500).ToString(CultureInfo.InvariantCulture),
            InvoiceId = (3_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
            State = "success",
            Verdict = (i % 10) switch { 0 => NotificationVerdicts.Rejected, 1 => NotificationVerdicts.Repeat, _ => NotificationVerdicts.Applied },
            Reason = i % 10 == 0 ? "signature" : null,
            Detail = "bulk row " + i.ToString(CultureInfo.InvariantCulture),
        }).ToList());
        _bulkFirstId = await _store.Shop.WithScopeAsync(services =>
            services.GetRequiredService<InterkassaDbContext>().Notifications.Where(n => n.PaymentNo == "bulk-0").MinAsync(n => n.Id));
        TestContext.Progress.WriteLine($"[{database}] inserted {BulkRows} journal rows in {watch.ElapsedMilliseconds} ms");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task First_filtered_and_deep_pages_answer_with_50_rows_at_100000_rows()
    {
        var deepBefore = _bulkFirstId + 120;
        var day = _bulkStart.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pages = new (string Name, string Query)[]
        {
            ("first page", ""),
            ("verdict=rejected", "?Verdict=rejected"),
            ("order=bulk-7 (payment number)", "?Order=bulk-7"),
            ("one day", $"?From={day}&To={day}"),
            ("deep page", "?Before=" + deepBefore.ToString(CultureInfo.InvariantCulture)),
            ("deep page, verdict=applied", "?Verdict=applied&Before=" + deepBefore.ToString(CultureInfo.InvariantCulture)),
        };

        // One warm-up request so the first measurement is not the page's compilation.
        await GetJournalAsync("?Verdict=failed");
        var results = new List<(string Name, HttpStatusCode Status, int Rows, long Ms)>();
        foreach (var (name, query) in pages)
        {
            var watch = Stopwatch.StartNew();
            using var response = await _store.Admin.GetAsync(new Uri(JournalPath + query, UriKind.Relative));
            var page = await ShopPage.ParseHtmlAsync(response);
            watch.Stop();
            results.Add((name, response.StatusCode, Rows(page).Count, watch.ElapsedMilliseconds));
        }

        foreach (var result in results)
            TestContext.Out.WriteLine($"[{database}] journal {result.Name}: {(int)result.Status}, {result.Rows} rows, {result.Ms} ms");
        Assert.That(results.Select(r => (r.Name, r.Status, r.Rows)), Is.EqualTo(results.Select(r => (r.Name, HttpStatusCode.OK, PageSize))));
    }

    [Test]
    public async Task Paging_walks_newest_first_without_gaps_or_repeats_and_keeps_the_filter()
    {
        var first = await GetJournalAsync("?Verdict=rejected");
        var second = await FollowOlderAsync(first);
        var third = await FollowOlderAsync(second);
        var ids = new[] { first, second, third }.SelectMany(p => Rows(p).Select(Id)).ToList();

        var expected = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications
            .Where(n => n.Verdict == NotificationVerdicts.Rejected).OrderByDescending(n => n.Id).Select(n => n.Id).Take(3 * PageSize).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(expected), "three pages are the 150 newest rejected rows, in order");
            Assert.That(new[] { first, second, third }.SelectMany(Rows).Select(r => r.GetAttribute("data-verdict")), Is.All.EqualTo("rejected"));
            Assert.That(second.QuerySelector(".ik-journal__paging a[href='?Verdict=rejected']"), Is.Not.Null, "a way back to the newest page");
        });
    }

    [Test]
    public async Task Filters_by_order_verdict_and_date_show_only_matching_rows()
    {
        var paid = await _store.PaidPurchaseAsync();
        using var buyer = _store.Shop.CreateBrowser();
        var other = await _store.CheckoutAsync(buyer);
        await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(other), key: "wrong-key"));

        var byOrder = await GetJournalAsync("?Order=" + Uri.EscapeDataString(paid.Order.CustomOrderNumber));
        var byOrderRejected = await GetJournalAsync("?Verdict=rejected&Order=" + Uri.EscapeDataString(other.Order.CustomOrderNumber));
        var byOrderApplied = await GetJournalAsync("?Verdict=applied&Order=" + Uri.EscapeDataString(other.Order.CustomOrderNumber));
        var byPaymentNo = await GetJournalAsync("?Order=bulk-7&Verdict=repeat");
        var day = _bulkStart.AddDays(12);
        var byDay = await GetJournalAsync($"?From={day:yyyy-MM-dd}&To={day:yyyy-MM-dd}");
        var today = await GetJournalAsync($"?From={DateTime.UtcNow:yyyy-MM-dd}");

        var paidRows = Rows(byOrder);
        Assert.Multiple(() =>
        {
            Assert.That(paidRows, Has.Count.EqualTo(1));
            Assert.That(paidRows.Select(r => r.GetAttribute("data-verdict")), Is.EqualTo(new[] { "applied" }));
            Assert.That(paidRows[0].QuerySelector($"a[href='/Admin/Orders/Details/{paid.Order.Id}']"), Is.Not.Null, "the order it touched");
            Assert.That(paidRows[0].QuerySelector("td:nth-child(2)")?.TextContent.Trim(), Is.EqualTo("127.0.0.1"), "the source address");
            Assert.That(paidRows[0].QuerySelectorAll(".ik-journal__fields dt").Select(d => d.TextContent), Does.Contain("ik_sign").And.Contain("ik_am"));
            var sign = paidRows[0].QuerySelectorAll(".ik-journal__fields dt").First(d => d.TextContent == "ik_sign").NextElementSibling!.TextContent;
            Assert.That(sign, Does.EndWith("…").And.Length.EqualTo(JournalFields.SignatureShownChars + 1), "ik_sign shortened");

            Assert.That(Rows(byOrderRejected).Select(r => r.QuerySelector(".ik-journal__reason")?.GetAttribute("data-reason")), Is.EqualTo(new[] { "signature" }),
                "a delivery refused for its signature is found by the order it names");
            var refused = Rows(byOrderRejected)[0];
            Assert.That(refused.QuerySelector(".ik-journal__reason")?.TextContent, Is.EqualTo("подпись не сошлась"), "the reason in the admin's language");
            Assert.That(refused.QuerySelector(".ik-journal__reason + code.ik-code")?.TextContent, Is.EqualTo("signature"), "the code as a hint beside it");
            Assert.That(refused.QuerySelector(".ik-journal__detail")?.TextContent, Is.EqualTo("Подпись ik_sign не сходится с тестовым ключом (алгоритм MD5)."),
                "the protocol layer's detail in the admin's language");
            Assert.That(refused.QuerySelector(".ik-journal__state")?.TextContent, Is.EqualTo("оплачен"), "the state named, not «success»");
            Assert.That(Rows(byOrderApplied), Is.Empty);
            Assert.That(byOrderApplied.QuerySelector(".ik-journal__empty"), Is.Not.Null);

            // bulk-7 is every row i with i % 500 == 7: i % 10 == 7, so all "applied" — none "repeat".
            Assert.That(Rows(byPaymentNo), Is.Empty);

            var dayRows = Rows(byDay);
            Assert.That(dayRows, Has.Count.EqualTo(PageSize));
            Assert.That(dayRows.Select(Received), Is.All.InRange(day, day.AddDays(1).AddTicks(-1)));
            Assert.That(dayRows.Select(Received), Is.Ordered.Descending);
            Assert.That(Rows(today).Select(Id), Has.Member(Id(paidRows[0])), "today's page begins with today's deliveries");
            Assert.That(Rows(today).Select(Received), Is.All.GreaterThanOrEqualTo(DateTime.UtcNow.Date));
        });
    }

    [Test]
    public async Task Retention_set_on_the_configure_page_deletes_older_rows_when_the_task_runs()
    {
        var now = DateTime.UtcNow;
        await InsertAsync(
        [
            new NotificationRecord { ReceivedOnUtc = now.AddDays(-250), Body = "", PaymentNo = "retention-old", Verdict = NotificationVerdicts.Applied },
            new NotificationRecord { ReceivedOnUtc = now.AddDays(-201), Body = "", PaymentNo = "retention-old", Verdict = NotificationVerdicts.Rejected },
            new NotificationRecord { ReceivedOnUtc = now.AddDays(-199), Body = "", PaymentNo = "retention-kept", Verdict = NotificationVerdicts.Applied },
        ]);
        await SaveRetentionAsync(200);
        try
        {
            await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaReconciliationTask>().ExecuteAsync(CancellationToken.None));
        }
        finally
        {
            await SaveRetentionAsync(180);
        }

        var left = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications.AsNoTracking()
            .GroupBy(n => n.PaymentNo!.StartsWith("bulk-") ? "bulk" : n.PaymentNo).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(left.SingleOrDefault(g => g.Key == "retention-old"), Is.Null, "rows older than 200 days deleted");
            Assert.That(left.Single(g => g.Key == "retention-kept").Count, Is.EqualTo(1), "a row of 199 days kept");
            Assert.That(left.Single(g => g.Key == "bulk").Count, Is.EqualTo(BulkRows), "recent rows kept");
        });
    }

    private async Task SaveRetentionAsync(int days)
    {
        var text = days.ToString(CultureInfo.InvariantCulture);
        using var response = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.JournalRetentionDays"] = text });
        var saved = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        Assert.That(saved.QuerySelector("#f-JournalRetentionDays")?.GetAttribute("value"), Is.EqualTo(text),
            "the configure page saved the retention: " + response.StatusCode);
    }

    private async Task<IHtmlDocument> GetJournalAsync(string query) => await ShopPage.GetAsync(_store.Admin, JournalPath + query);

    private async Task<IHtmlDocument> FollowOlderAsync(IHtmlDocument page)
    {
        var href = page.QuerySelector("a.ik-journal__older")?.GetAttribute("href") ?? throw new AssertionException("no 'older' link");
        Assert.That(href, Does.Contain("Verdict=rejected"), "the filter is kept when paging");
        return await GetJournalAsync(href);
    }

    private static List<AngleSharp.Dom.IElement> Rows(IHtmlDocument page) => page.QuerySelectorAll("tr.ik-journal__row").ToList();

    private static long Id(AngleSharp.Dom.IElement row) => long.Parse(row.GetAttribute("data-id")!, CultureInfo.InvariantCulture);

    private static DateTime Received(AngleSharp.Dom.IElement row) =>
        DateTime.Parse(row.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Inserts journal rows in one transaction with one prepared command reused for each batch: single rows on SQLite
    /// (its fast path), 500-row INSERTs on PostgreSQL (fewer round trips).
    /// </summary>
    private Task InsertAsync(IReadOnlyCollection<NotificationRecord> rows) => _store.Shop.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<InterkassaDbContext>();
        var batchSize = db.Database.IsSqlite() ? 1 : 500;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        DbCommand? command = null;
        try
        {
            foreach (var batch in rows.Chunk(batchSize))
            {
                if (command is null || command.Parameters.Count != batch.Length * Columns.Length)
                {
                    if (command is not null)
                        await command.DisposeAsync();
                    command = InsertCommand(connection, transaction, batch.Length);
                }
                for (var i = 0; i < batch.Length; i++)
                {
                    var row = batch[i];
                    object?[] values = [row.ReceivedOnUtc, row.SourceAddress, row.Body, row.PaymentNo, row.InvoiceId, row.State, row.Verdict, row.Reason, row.Detail];
                    for (var c = 0; c < Columns.Length; c++)
                        command.Parameters[i * Columns.Length + c].Value = values[c] ?? DBNull.Value;
                }
                await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (command is not null)
                await command.DisposeAsync();
        }
        await transaction.CommitAsync();
    });

    private static readonly string[] Columns = ["ReceivedOnUtc", "SourceAddress", "Body", "PaymentNo", "InvoiceId", "State", "Verdict", "Reason", "Detail"];

    private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var tuples = new List<string>();
        for (var i = 0; i < rows; i++)
        {
            var names = Columns.Select((_, c) => $"@p{i * Columns.Length + c}").ToArray();
            tuples.Add("(" + string.Join(", ", names) + ")");
            foreach (var (name, c) in names.Select((n, c) => (n, c)))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                // The time's type is inferred from the value (timestamptz for a UTC DateTime on PostgreSQL); the texts may be null.
                if (c > 0)
                    parameter.DbType = System.Data.DbType.String;
                command.Parameters.Add(parameter);
            }
        }
        command.CommandText = $"""INSERT INTO "{InterkassaDbContext.NotificationTable}" ({string.Join(", ", Columns.Select(c => "\"" + c + "\""))}) VALUES """
            + string.Join(", ", tuples);
        return command;
    }
}
