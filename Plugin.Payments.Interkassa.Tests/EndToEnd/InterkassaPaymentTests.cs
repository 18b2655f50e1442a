using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// The plugin's payment path through the real store and the real sandbox over loopback HTTP, on SQLite and on
/// PostgreSQL: checkout → signed form → pay on the sandbox → notification → order paid once, and every way a
/// notification can be wrong.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class InterkassaPaymentTests(string database)
{
    private readonly EventCounter<OrderPaidEvent> _paidEvents = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(database == "postgres", new ShopFactoryOptions
        {
            ConfigureServices = services => services.AddSingleton<IConsumer<OrderPaidEvent>>(_paidEvents),
        });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Buyer_pays_on_interkassa_and_the_order_is_paid_with_a_note_naming_the_invoice()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        Assert.Multiple(() =>
        {
            Assert.That(purchase.FormAction, Is.EqualTo(new Uri(_store.Sandbox.Root, "/").ToString()));
            Assert.That(purchase.Amount, Is.EqualTo("50.00"));
            Assert.That(purchase.Currency, Is.EqualTo("RUB"));
            Assert.That(purchase.PaymentNo, Is.EqualTo(purchase.Order.CustomOrderNumber));
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_desc").Value, Is.EqualTo("Оплата заказа №" + purchase.Order.CustomOrderNumber));
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_x_orderguid").Value, Is.EqualTo(purchase.Order.OrderGuid.ToString("D")));
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_cli").Value, Is.EqualTo("buyer@example.com"));
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_loc").Value, Is.EqualTo("ru"));
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_ia_u").Value, Does.EndWith("/Plugins/PaymentInterkassa/Notify"));
            Assert.That(purchase.FormFields.Last().Key, Is.EqualTo("ik_sign"));
        });

        var returned = await _store.PayAsync(buyer, purchase);
        var order = await _store.ReloadAsync(purchase.Order);
        var notes = await _store.NotesAsync(order);
        var journal = await _store.JournalAsync(purchase.PaymentNo);

        Assert.Multiple(() =>
        {
            Assert.That(returned.QuerySelector(".ik-return")?.GetAttribute("data-paid"), Is.EqualTo("true"));
            Assert.That(ShopPage.Text(returned, ".ik-return h1"), Is.EqualTo("Заказ оплачен"));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(notes, Has.Exactly(1).Matches<OrderNote>(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)
                && n.Note.Contains(InterkassaProtocol.TestPayway, StringComparison.Ordinal) && n.Note.Contains("покупатель заплатил 50,00 RUB", StringComparison.Ordinal)));
            Assert.That(journal.Select(j => j.Verdict), Is.EqualTo(new[] { NotificationVerdicts.Applied }));
        });

        // The admin's journal tells what happened in the admin's language.
        var journalPage = await ShopPage.GetAsync(_store.Admin, "/Admin/PaymentInterkassa/Journal");
        var row = journalPage.QuerySelectorAll("tr.ik-journal__row").First(r => r.TextContent.Contains(journal[0].InvoiceId!, StringComparison.Ordinal));
        Assert.That(ShopPage.Text(row, ".ik-journal__detail"), Is.EqualTo("Заказ отмечен как оплаченный."));
    }

    [Test]
    public async Task Failed_payment_leaves_the_order_pending_and_pay_again_sends_a_new_signed_form()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        var returned = await _store.PayAsync(buyer, purchase, "fail");
        var order = await _store.ReloadAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(returned, ".ik-return h1"), Is.EqualTo("Оплата не прошла"));
            Assert.That(returned.QuerySelector("form.ik-return__pay-again"), Is.Not.Null, "pay again is offered");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        });

        // "Pay again" re-runs the hand-off with the next payment number for the same order.
        using var again = await ShopPage.SubmitAsync(buyer, returned, "form.ik-return__pay-again");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = await _store.PurchaseFromHandoffAsync(await ShopPage.ParseHtmlAsync(again));
        Assert.That(second.PaymentNo, Is.EqualTo(order.CustomOrderNumber + "-2"));

        var paid = await _store.PayAsync(buyer, second);
        Assert.Multiple(async () =>
        {
            Assert.That(paid.QuerySelector(".ik-return")?.GetAttribute("data-paid"), Is.EqualTo("true"));
            Assert.That((await _store.ReloadAsync(order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(await _store.NotesAsync(order), Has.Exactly(1).Matches<OrderNote>(n => n.DisplayToCustomer && n.Note.Contains("не прошёл", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task Fifty_concurrent_copies_of_success_mark_the_order_paid_once_with_one_event_and_one_note()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));
        var eventsBefore = _paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _store.NotifyAsync(fields)));

        var notes = await _store.NotesAsync(purchase.Order);
        var journal = await _store.JournalAsync(purchase.PaymentNo);
        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(a => (a.Status, a.Body)), Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(_paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id) - eventsBefore, Is.EqualTo(1));
            Assert.That(notes.Count(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(journal, Has.Count.EqualTo(50));
            Assert.That(journal.Count(j => j.Verdict == NotificationVerdicts.Applied), Is.EqualTo(1));
            Assert.That(journal.Count(j => j.Verdict == NotificationVerdicts.Repeat), Is.EqualTo(49));
        });
    }

    [Test]
    public async Task Late_fail_after_success_does_not_undo_a_paid_order()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.PayAsync(buyer, purchase);
        var invoice = (await _store.JournalAsync(purchase.PaymentNo)).Single().InvoiceId!;

        var late = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase, "fail", invoiceId: invoice)));

        Assert.Multiple(async () =>
        {
            Assert.That(late, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That((await _store.NotesAsync(purchase.Order)).Any(n => n.Note.Contains("не прошёл", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task A_second_paid_invoice_for_a_paid_order_is_reported_as_a_double_payment()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var retry = await _store.PayAgainAsync(purchase);
        var firstInvoice = await _store.PaidInvoiceAsync(purchase);
        var secondInvoice = await _store.PaidInvoiceAsync(retry);
        var first = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: firstInvoice)));
        var second = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(retry, invoiceId: secondInvoice)));
        var again = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(retry, invoiceId: secondInvoice)));

        var notes = await _store.NotesAsync(purchase.Order);
        Assert.Multiple(async () =>
        {
            Assert.That(new[] { first, second, again }, Is.All.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
            Assert.That(_paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id), Is.EqualTo(1));
            Assert.That(notes.Count(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(notes, Has.Exactly(1).Matches<OrderNote>(n => n.Note.Contains("заплатил дважды", StringComparison.Ordinal)
                && n.Note.Contains(secondInvoice, StringComparison.Ordinal) && n.Note.Contains(firstInvoice, StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task Payment_for_an_order_the_admin_already_marked_paid_is_recorded_without_a_second_transition()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        await _store.Shop.WithScopeAsync(async services =>
        {
            var order = (await services.GetRequiredService<Shop.Abstractions.Orders.IOrderService>().GetOrderByIdAsync(purchase.Order.Id))!;
            await services.GetRequiredService<Shop.Abstractions.Orders.IOrderProcessingService>().MarkOrderAsPaidAsync(order);
        });

        var answer = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase))));

        var notes = await _store.NotesAsync(purchase.Order);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That(_paidEvents.Events.Count(e => e.Order.Id == purchase.Order.Id), Is.EqualTo(1), "only the admin's transition");
            Assert.That(notes.Count(n => n.Note.Contains("оплата получена", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    private static IEnumerable<TestCaseData> Rejections()
    {
        yield return new TestCaseData("signature", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            Tamper(InterkassaStore.Signed(InterkassaStore.Notification(p)), "ik_am", "1.00")))
            .SetName("{m}(tampered amount, old signature)");
        yield return new TestCaseData("signature", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Notification(p))).SetName("{m}(missing signature)");
        yield return new TestCaseData("signature", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p), key: TestCheckouts.Md5Secret))).SetName("{m}(test payment signed with the secret key)");
        yield return new TestCaseData("signature", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p), key: "someone-elses-key"))).SetName("{m}(signature with the wrong key)");
        yield return new TestCaseData("checkout", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p, checkoutId: TestCheckouts.Sha256Id)))).SetName("{m}(another checkout)");
        yield return new TestCaseData("order", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p, paymentNo: "999999")))).SetName("{m}(unknown payment number)");
        yield return new TestCaseData("amount", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p, amount: "1.00")))).SetName("{m}(signed smaller amount)");
        yield return new TestCaseData("currency", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p, currency: "USD")))).SetName("{m}(signed other currency)");
        yield return new TestCaseData("malformed", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
        {
            var fields = InterkassaStore.Signed(InterkassaStore.Notification(p));
            fields.Add(new("ik_am", "50.00"));
            return fields;
        })).SetName("{m}(duplicate field)");
        yield return new TestCaseData("malformed", (Func<Purchase, List<KeyValuePair<string, string>>>)(p =>
            InterkassaStore.Signed(InterkassaStore.Notification(p, state: "refunded")))).SetName("{m}(unknown state)");
    }

    [TestCaseSource(nameof(Rejections))]
    public async Task Rejected_notification_gets_400_with_its_reason_and_leaves_the_order_alone(string reason, Func<Purchase, List<KeyValuePair<string, string>>> make)
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        var answer = await _store.NotifyAsync(make(purchase));

        var order = await _store.ReloadAsync(purchase.Order);
        var journal = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Notifications
            .AsNoTracking().OrderByDescending(n => n.Id).FirstAsync());
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR " + reason)));
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(journal.Verdict, Is.EqualTo(NotificationVerdicts.Rejected));
            Assert.That(journal.Reason, Is.EqualTo(reason));
        });
    }

    [Test]
    public async Task Wrong_content_type_and_oversized_bodies_are_malformed()
    {
        using var client = new HttpClient { BaseAddress = _store.Shop.BaseAddress };
        using var json = new StringContent("{\"ik_am\":\"50.00\"}", Encoding.UTF8, "application/json");
        using var jsonAnswer = await client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative), json);
        using var huge = new FormUrlEncodedContent([new("ik_desc", new string('x', InterkassaDefaults.MaxNotificationBytes + 10))]);
        using var hugeAnswer = await client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative), huge);

        Assert.Multiple(async () =>
        {
            Assert.That(jsonAnswer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await jsonAnswer.Content.ReadAsStringAsync(), Is.EqualTo("ERR malformed"));
            Assert.That(hugeAnswer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await hugeAnswer.Content.ReadAsStringAsync(), Is.EqualTo("ERR malformed"));
        });
    }

    [Test]
    public async Task Test_payment_is_refused_in_live_mode() =>
        await WithSettingAsync(s => s.TestMode = false, async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            var answer = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase)));
            Assert.Multiple(async () =>
            {
                Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR test-payment")));
                Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            });
        });

    [Test]
    public async Task Notification_from_outside_the_address_allowlist_is_refused() =>
        await WithSettingAsync(s => s.AllowedSourceAddresses = "203.0.113.0/24", async () =>
        {
            using var buyer = _store.Shop.CreateBrowser();
            var purchase = await _store.CheckoutAsync(buyer);
            var answer = await _store.NotifyAsync(InterkassaStore.Signed(InterkassaStore.Notification(purchase)));
            Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR address")));
        });

    [Test]
    public async Task Storage_failure_answers_503_so_that_interkassa_retries_and_the_retry_is_applied()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);
        var fields = InterkassaStore.Signed(InterkassaStore.Notification(purchase, invoiceId: await _store.PaidInvoiceAsync(purchase)));

        // The journal table disappears under the running store: nothing can be stored, so nothing may be answered OK.
        var failed = await _store.NotifyWithoutJournalAsync(fields);

        var pendingAfterFailure = (await _store.ReloadAsync(purchase.Order)).PaymentStatus;
        var retried = await _store.NotifyAsync(fields);
        Assert.Multiple(async () =>
        {
            Assert.That(failed, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "ERR retry")));
            Assert.That(pendingAfterFailure, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(retried, Is.EqualTo((HttpStatusCode.OK, "OK")));
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    [Test]
    public async Task Return_pages_show_the_real_state_and_never_change_the_order()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var purchase = await _store.CheckoutAsync(buyer);

        // The buyer claims success by opening the success URL themselves: the page waits, the order stays pending.
        var success = await ShopPage.GetAsync(buyer, $"/Plugins/PaymentInterkassa/Success?ik_pm_no={purchase.PaymentNo}&ik_inv_st=success");
        using var stranger = _store.Shop.CreateBrowser();
        var strangersView = await ShopPage.GetAsync(stranger, $"/Plugins/PaymentInterkassa/Fail?ik_pm_no={purchase.PaymentNo}");

        Assert.Multiple(async () =>
        {
            Assert.That(ShopPage.Text(success, ".ik-return h1"), Is.EqualTo("Ждём подтверждения оплаты"));
            Assert.That(success.QuerySelector("meta[http-equiv='refresh']"), Is.Not.Null, "pending polls for the notification");
            Assert.That((await _store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
            Assert.That(strangersView.QuerySelector("form.ik-return__pay-again"), Is.Null, "another visitor gets no order actions");
        });
    }

    /// <summary>Changes the shared settings for one test and puts them back.</summary>
    private async Task WithSettingAsync(Action<InterkassaSettings> change, Func<Task> test)
    {
        var original = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());
        var changed = await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());
        change(changed);
        await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SaveSettingAsync(changed));
        try
        {
            await test();
        }
        finally
        {
            await _store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SaveSettingAsync(original));
        }
    }

    private static List<KeyValuePair<string, string>> Tamper(List<KeyValuePair<string, string>> fields, string name, string value) =>
        fields.Select(f => f.Key == name ? new KeyValuePair<string, string>(name, value) : f).ToList();
}
