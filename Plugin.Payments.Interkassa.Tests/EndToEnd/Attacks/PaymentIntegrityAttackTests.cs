using System.Net;
using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Payments;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Attacks;

/// <summary>
/// The attack catalogue of "no order becomes Paid unless Interkassa really took the money", each run against the
/// real store over HTTP with the sandbox as Interkassa. Every test is named after the attack it stops.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class PaymentIntegrityAttackTests(string database)
{
    private readonly EventCounter<OrderPaidEvent> _paidEvents = new();
    private readonly LogCapture _log = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidEvents);
                services.AddSingleton<ILoggerProvider>(_log);
            },
        });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_buyer_cannot_re_cut_his_payment_form_into_a_paid_notification_for_another_order()
    {
        using var victim = _store.Shop.CreateBrowser();
        var target = await _store.CheckoutAsync(victim);

        // The report's e-mail: a quoted local part that passes validation and carries a notification's values.
        using var attacker = _store.Shop.CreateBrowser();
        var email = $"\"x:{TestCheckouts.Md5Id}:RUB:1:success:{target.PaymentNo}:z\"@example.com";
        using var handoff = await StoreDriver.CheckoutAsync(attacker, InterkassaDefaults.SystemName, email: email);
        var own = await _store.PurchaseFromHandoffAsync(await ShopPage.ParseHtmlAsync(handoff));

        // Cut the form's signed string at its colons into notification fields, exactly as reported, and keep its ik_sign.
        var tokens = FormRecutter.SignedString(own.FormFields).Split(':');
        var recut = new List<KeyValuePair<string, string>>
        {
            new("ik_am", tokens[0]), new("ik_b", tokens[1]), new("ik_co_id", tokens[2]), new("ik_cur", tokens[3]),
            new("ik_inv_id", tokens[4]), new("ik_inv_st", tokens[5]), new("ik_pm_no", tokens[6]),
            new("ik_pw_via", string.Join(':', tokens[7..])),
            new(InterkassaProtocol.SignField, own.FormFields.Single(f => f.Key == InterkassaProtocol.SignField).Value),
        };
        var answer = await _store.NotifyAsync(recut);

        Assert.Multiple(async () =>
        {
            Assert.That(own.FormFields.Where(f => f.Key != InterkassaProtocol.SignField && !f.Key.EndsWith("_u", StringComparison.Ordinal))
                .Select(f => f.Value), Has.None.Contains(":"), "no signed value but the store's own URLs holds ':'");
            Assert.That(own.FormFields.Any(f => f.Key == "ik_cli"), Is.False, "a quoted e-mail is not signed");
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await _store.ReloadAsync(target.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(FormRecutter.SuccessCandidates(FormRecutter.SignedString(own.FormFields)), Is.Empty,
                "no re-cut of the signed form can even claim a paid state");
        });
    }

    [Test]
    public async Task A_test_payway_invoice_is_not_paid_by_reconciliation_in_live_mode() =>
        await _store.WithSettingsAsync(s => s.TestMode = false, async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            // The cabinet still has the test payway on: the buyer pays with it and the notification never arrives.
            var invoiceId = await _store.PaidInvoiceAsync(purchase);

            await _store.Shop.ReconcileYoungOrdersAsync();
            await _store.Shop.ReconcileAsync();
            await _store.Shop.ReconcileAsync();

            var journal = await _store.JournalAsync(purchase.PaymentNo);
            Assert.Multiple(async () =>
            {
                Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
                Assert.That(journal.Where(j => j.InvoiceId == invoiceId).Select(j => (j.Source, j.Verdict, j.Reason)),
                    Is.EqualTo(new[] { (JournalSources.Reconciliation, NotificationVerdicts.Rejected, (string?)"test-payment") }), "refused once");
            });
        });

    [Test]
    public async Task One_invoice_cannot_pay_two_orders()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var first = await _store.CheckoutAsync(buyer);
        var second = await _store.CheckoutAsync(buyer);
        var invoiceId = await _store.PaidInvoiceAsync(first);
        var paid = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(first, invoiceId: invoiceId)));

        var reused = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(second, invoiceId: invoiceId)));

        Assert.Multiple(async () =>
        {
            Assert.That(paid, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(reused, Is.EqualTo((HttpStatusCode.BadRequest, "ERR order")));
            Assert.That((await _store.ReloadAsync(second.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        });
    }

    [Test]
    public async Task A_signed_success_the_api_does_not_confirm_is_refused_and_the_admin_is_told()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: "999000111"));

        var answers = new[] { await _store.NotifyAsync(fields), await _store.NotifyAsync(fields) };

        var notes = await _store.NotesAsync(purchase.Order);
        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.BadRequest, "ERR unconfirmed")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(notes.Count(n => n.Note.Contains("999000111", StringComparison.Ordinal) && n.Note.Contains("не подтверждает", StringComparison.Ordinal)),
                Is.EqualTo(1), "one alert for the admin, not one per delivery");
        });
    }

    [Test]
    public async Task A_paid_notification_waits_with_503_while_the_api_is_unreachable_and_is_applied_when_it_answers()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));

        var whileDown = (HttpStatusCode.OK, "");
        await _store.WithSettingsAsync(s => s.ApiUrl = "http://127.0.0.1:9/v1/", async () => whileDown = await _store.NotifyAsync(fields));
        var journalWhileDown = await _store.JournalAsync(purchase.PaymentNo);
        var afterwards = await _store.NotifyAsync(fields);

        Assert.Multiple(async () =>
        {
            Assert.That(whileDown, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(journalWhileDown.Select(j => j.Verdict), Is.EqualTo(new[] { NotificationVerdicts.Awaiting }));
            Assert.That(afterwards, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    [Test]
    public async Task Without_api_credentials_a_signed_field_interkassa_never_sends_is_refused_and_named() =>
        await _store.WithSettingsAsync(s => s.ApiUserId = "", async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            var fields = InterkassaStore.Notification(purchase);
            fields.Add(new("ik_zz_new", "1"));

            var answer = await _store.NotifyAsync(InterkassaStore.Signed(fields));

            var journal = (await _store.JournalAsync(purchase.PaymentNo)).Single();
            Assert.Multiple(async () =>
            {
                Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR malformed")));
                Assert.That(journal.Detail, Does.Contain("ik_zz_new"));
                Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            });
        });

    [Test]
    public async Task A_notification_for_another_orders_guid_is_refused() =>
        await _store.WithSettingsAsync(s => s.ApiUserId = "", async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            var fields = InterkassaStore.Notification(purchase)
                .Select(f => f.Key == "ik_x_orderguid" ? new KeyValuePair<string, string>(f.Key, Guid.NewGuid().ToString("D")) : f).ToList();

            var answer = await _store.NotifyAsync(InterkassaStore.Signed(fields));

            Assert.Multiple(async () =>
            {
                Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR malformed")));
                Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            });
        });

    [Test]
    public async Task A_payment_for_an_order_cancelled_in_between_alerts_the_admin_once_and_never_marks_it_paid()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        await _store.Shop.WithScopeAsync(async services =>
        {
            var order = (await services.GetRequiredService<IOrderService>().GetOrderByIdAsync(purchase.Order.Id))!;
            await services.GetRequiredService<IOrderProcessingService>().CancelOrderAsync(order);
        });

        var answers = new[] { await _store.NotifyAsync(fields), await _store.NotifyAsync(fields) };

        var notes = await _store.NotesAsync(purchase.Order);
        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.OK, "OK")), "stored, so Interkassa stops retrying");
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(notes.Count(n => n.Note.Contains("уже нельзя оплатить", StringComparison.Ordinal)), Is.EqualTo(1), "the admin is told once");
            Assert.That(notes.Any(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)), Is.False, "not recorded as a normal payment");
        });
    }

    [Test]
    public async Task A_flood_of_forged_notifications_keeps_a_bounded_body_per_delivery()
    {
        var padding = new string('a', 12_000);
        var forged = new List<KeyValuePair<string, string>> { new("ik_pm_no", "flood-1"), new("ik_pad", padding), new("ik_sign", "AAAA") };

        var answer = await _store.NotifyAsync(forged);

        var row = (await _store.JournalAsync("flood-1")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(row.Body.Length, Is.LessThanOrEqualTo(NotificationProcessor.UnverifiedBodyLimit));
        });
    }

    [Test]
    public async Task A_nul_byte_in_a_notification_is_refused_as_malformed_and_journaled()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var encoded = InterkassaStore.Signed(InterkassaStore.Notification(purchase))
            .Select(f => f.Key == "ik_desc" ? new KeyValuePair<string, string>(f.Key, f.Value + "\0") : f).ToList();

        var escaped = await _store.NotifyAsync(encoded);
        using var client = new HttpClient { BaseAddress = _store.Shop.BaseAddress };
        using var raw = new StringContent("ik_pm_no=nul-raw&ik_am=1\0&ik_sign=AAAA", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var rawAnswer = await client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative), raw);

        var journal = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications
            .AsNoTracking().OrderByDescending(n => n.Id).Take(2).ToListAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(escaped, Is.EqualTo((HttpStatusCode.BadRequest, "ERR malformed")));
            Assert.That((rawAnswer.StatusCode, await rawAnswer.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.BadRequest, "ERR malformed")));
            Assert.That(journal.Select(j => j.Reason), Is.All.EqualTo(NotificationReasons.Malformed), "both journaled");
        });
    }

    [Test]
    public async Task Line_breaks_in_a_payment_number_cannot_forge_log_lines()
    {
        var forged = new List<KeyValuePair<string, string>> { new("ik_pm_no", "1\r\nFORGED: order 1 paid"), new("ik_sign", "AAAA") };

        // Logged values come from a failure path: make storing fail so the payment number reaches the log.
        var answer = await _store.NotifyWithoutJournalAsync(forged);

        var logged = _log.Messages.Where(m => m.Contains("FORGED", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(logged, Is.Not.Empty, "the payment number was logged");
            Assert.That(logged, Has.None.Contains("\n").And.None.Contains("\r"));
        });
    }

    [Test]
    public async Task Two_different_paid_invoices_for_one_order_at_once_leave_one_paid_note_and_one_double_payment_note()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var retry = await _store.PayAgainAsync(purchase);
        var first = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        var second = InterkassaStore.Signed(InterkassaStore.Notification(retry, invoiceId: await _store.PaidInvoiceAsync(retry)));

        var answers = await Task.WhenAll(_store.NotifyAsync(first), _store.NotifyAsync(second));

        var notes = await _store.NotesAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(notes.Count(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(notes.Count(n => n.Note.Contains("заплатил дважды", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(_paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id), Is.EqualTo(1));
        });
    }
}

/// <summary>The notification URL is anonymous: a flood from one address is cut off by the rate limit and stores nothing more.</summary>
[Category(TestCategories.Database)]
public sealed class NotificationFloodTests
{
    [Test]
    public async Task A_flood_from_one_address_gets_429_beyond_the_burst_and_the_journal_stops_growing()
    {
        await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            Settings = new Dictionary<string, string?>
            {
                [InterkassaDefaults.NotifyBurstSetting] = "20",
                [InterkassaDefaults.NotifyPerSecondSetting] = "1",
            },
        });
        var forged = new List<KeyValuePair<string, string>> { new("ik_pm_no", "flood"), new("ik_sign", "AAAA") };

        var answers = new List<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
            answers.Add((await store.NotifyAsync(forged)).Status);
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds); // one token a second came back meanwhile

        var journaled = (await store.JournalAsync("flood")).Count;
        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(20), Is.All.EqualTo(HttpStatusCode.BadRequest), "the burst is served (and refused for its signature)");
            Assert.That(answers.Count(a => a == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(60 - 20 - refilled), "the rest is cut off");
            Assert.That(answers.Count(a => a == HttpStatusCode.BadRequest), Is.LessThanOrEqualTo(20 + refilled));
            Assert.That(journaled, Is.EqualTo(answers.Count(a => a == HttpStatusCode.BadRequest)), "a cut-off request stores nothing");
        });
    }
}

/// <summary>Exactly-once owned by the plugin: on a store whose mark-paid is nopCommerce's read-then-write, still one call.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[Category(TestCategories.Database)]
public sealed class UnguardedHostTests(string database)
{
    [Test]
    public async Task Fifty_concurrent_duplicates_on_a_store_without_a_mark_paid_guard_mark_the_order_paid_once()
    {
        var calls = new MarkPaidCalls();
        var paidEvents = new EventCounter<OrderPaidEvent>();
        await using var store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions
        {
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderPaidEvent>>(paidEvents),
            ConfigureContainer = builder =>
            {
                builder.RegisterInstance(calls);
                builder.RegisterType<UnguardedOrderProcessing>().As<IOrderProcessingService>().InstancePerLifetimeScope();
            },
        });
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await store.PaidInvoiceAsync(purchase)));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.NotifyAsync(fields)));

        Assert.Multiple(async () =>
        {
            Assert.That(answers, Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(calls.Count, Is.EqualTo(1), "one mark-paid call");
            Assert.That(paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id), Is.EqualTo(1), "one OrderPaidEvent");
            Assert.That((await store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }
}
