using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Attacks;

/// <summary>
/// A store process killed with SIGKILL in the middle of a burst of paid notifications, then started again while
/// Interkassa resends: every order ends paid exactly once with its note and its OrderPaidEvent delivered, no delivery
/// was answered OK without being stored, and no journal row is left half-processed.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[Category(TestCategories.Database)]
public sealed class CrashRecoveryTests(string database)
{
    private const int Orders = 24;

    // A paid event that the killed process left undelivered falls due five seconds after the payment and is looked for
    // every second (the defaults are a minute and half a minute), so that the test sees it delivered.
    private static readonly Dictionary<string, string> QuickRedelivery = new()
    {
        ["Events__RedeliverAfterSeconds"] = "5",
        ["Events__PollSeconds"] = "1",
    };

    [Test]
    public async Task A_store_killed_mid_burst_loses_no_payment_and_pays_each_order_once_after_the_resend()
    {
        await using var store = await InterkassaStore.StartAsync(database == "postgres");
        var notifications = new List<(Purchase Purchase, List<KeyValuePair<string, string>> Fields)>();
        for (var i = 0; i < Orders; i++)
        {
            using var buyer = store.Shop.CreateBrowser();
            var purchase = await store.CheckoutAsync(buyer);
            notifications.Add((purchase, InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await store.PaidInvoiceAsync(purchase)))));
        }

        // Eight senders go round the notifications (as Interkassa's parallel deliveries and retries do) until the
        // store dies under them; it is killed once a third of the orders got their first answer.
        var answered = new System.Collections.Concurrent.ConcurrentBag<(Purchase Purchase, HttpStatusCode? Status)>();
        await using (var first = await StoreProcess.StartAsync(store.Shop, QuickRedelivery))
        {
            var next = -1;
            var killNow = new TaskCompletionSource();
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    var (purchase, fields) = notifications[Interlocked.Increment(ref next) % Orders];
                    var status = await TryNotifyAsync(first.BaseAddress, fields);
                    answered.Add((purchase, status));
                    if (answered.Count >= Orders / 3)
                        killNow.TrySetResult();
                    if (status is null)
                        return;
                }
            })).ToList();
            await killNow.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await first.KillAsync();
            await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(60));
        }

        var paidBeforeResend = await PaymentStatusesAsync(store);
        int undelivered;
        await using (var second = await StoreProcess.StartAsync(store.Shop, QuickRedelivery))
        {
            foreach (var (_, fields) in notifications)
                Assert.That(await TryNotifyAsync(second.BaseAddress, fields), Is.EqualTo(HttpStatusCode.OK), "the resend is applied or recognised");
            undelivered = await PaidEventsDeliveredAsync(store);
        }

        var statuses = await PaymentStatusesAsync(store);
        var paidNotes = await store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().OrderNotes.AsNoTracking()
            .Where(n => n.Note.Contains("оплата получена")).GroupBy(n => n.OrderId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        var journal = await store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications.AsNoTracking().ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(answered.Where(a => a.Status == HttpStatusCode.OK).Select(a => paidBeforeResend[a.Purchase.Order.Id]),
                Is.All.EqualTo(PaymentStatus.Paid), "never an OK without the payment stored");
            Assert.That(answered.Count(a => a.Status is null), Is.GreaterThan(0), "the kill cut some deliveries off");
            Assert.That(notifications.Select(n => statuses[n.Purchase.Order.Id]), Is.All.EqualTo(PaymentStatus.Paid));
            Assert.That(notifications.Select(n => paidNotes.SingleOrDefault(p => p.Key == n.Purchase.Order.Id)?.Count ?? 0), Is.All.EqualTo(1),
                "each order has exactly one payment note");
            Assert.That(journal.Count(j => j.Verdict == NotificationVerdicts.Received), Is.Zero, "no journal row left half-processed");
            Assert.That(undelivered, Is.Zero, "every paid order's OrderPaidEvent reached the consumers (no order keeps its stamp)");
            Assert.That(journal.Where(j => j.Verdict == NotificationVerdicts.Applied).GroupBy(j => j.InvoiceId).Select(g => g.Count()),
                Is.All.EqualTo(1), "each invoice applied once");
        });
    }

    private static async Task<HttpStatusCode?> TryNotifyAsync(Uri store, IEnumerable<KeyValuePair<string, string>> fields)
    {
        try
        {
            using var client = new HttpClient { BaseAddress = store, Timeout = TimeSpan.FromSeconds(30) };
            using var content = new FormUrlEncodedContent(fields);
            using var response = await client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative), content);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // the process died before answering: Interkassa retries
        }
    }

    /// <summary>
    /// Waits (at most 30 s) until no order keeps the stamp of an undelivered paid event, those the killed process left
    /// included; returns how many still do.
    /// </summary>
    private static async Task<int> PaidEventsDeliveredAsync(InterkassaStore store)
    {
        await Poll.UntilAsync(async () => await StampedOrdersAsync(store) == 0);
        return await StampedOrdersAsync(store);
    }

    private static Task<int> StampedOrdersAsync(InterkassaStore store) =>
        store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking()
            .CountAsync(o => EF.Property<DateTime?>(o, ShopDbContext.OrderPaidEventDueUtc) != null));

    private static Task<Dictionary<int, PaymentStatus>> PaymentStatusesAsync(InterkassaStore store) =>
        store.Shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking()
            .ToDictionaryAsync(o => o.Id, o => o.PaymentStatus));
}
