using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class InvoiceMatcherTests
{
    private const string Checkout = "64a7f0c1d2e3f4a5b6c7d8e9";

    private static ApiInvoice Invoice(string id, string paymentNo, ApiInvoiceState state = ApiInvoiceState.Paid, decimal amount = 50m,
        string currency = "RUB", string checkout = Checkout) =>
        new(id, checkout, paymentNo, state, amount, currency, 48.25m, 50m, "visa_cpaytrz_merchant_rub", null, null, 0m);

    private static PaymentRequestRecord Request(int orderId, string paymentNo, decimal amount = 50m, string currency = "RUB") =>
        new() { OrderId = orderId, PaymentNo = paymentNo, Amount = amount, Currency = currency };

    [Test]
    public void Invoices_are_matched_to_requests_by_payment_number()
    {
        var matches = InvoiceMatcher.Match([Invoice("1", "100"), Invoice("2", "101")], [Request(7, "101")], Checkout);

        Assert.That(matches.Select(m => (m.Invoice.Id, m.Request.OrderId)), Is.EqualTo(new[] { ("2", 7) }));
    }

    [Test]
    public void Invoices_of_another_checkout_are_ignored() =>
        Assert.That(InvoiceMatcher.Match([Invoice("1", "100", checkout: "other")], [Request(7, "100")], Checkout), Is.Empty);

    [Test]
    public void Paid_invoices_come_first_so_a_paid_attempt_wins_over_an_expired_one()
    {
        var matches = InvoiceMatcher.Match(
            [Invoice("1", "100", ApiInvoiceState.Expired), Invoice("2", "100-2", ApiInvoiceState.Paid)],
            [Request(7, "100"), Request(7, "100-2")], Checkout);

        Assert.That(matches.Select(m => m.Invoice.Id), Is.EqualTo(new[] { "2", "1" }));
    }

    [TestCase(ApiInvoiceState.AwaitingPayment, null)]
    [TestCase(ApiInvoiceState.Processing, null)]
    [TestCase(ApiInvoiceState.Paid, InvoiceState.Success)]
    [TestCase(ApiInvoiceState.RefundInProgress, InvoiceState.Success)]
    [TestCase(ApiInvoiceState.Refunded, InvoiceState.Success)]
    [TestCase(ApiInvoiceState.Expired, InvoiceState.Canceled)]
    [TestCase(ApiInvoiceState.Canceled, InvoiceState.Canceled)]
    public void Only_paid_and_final_api_states_are_applied(ApiInvoiceState api, InvoiceState? applied) =>
        Assert.That(InvoiceMatcher.StateToApply(api), Is.EqualTo(applied));

    [Test]
    public void The_invoice_becomes_the_notification_the_state_machine_applies()
    {
        var notification = InvoiceMatcher.ToNotification(Invoice("inv-1", "100"), InvoiceState.Success);

        Assert.Multiple(() =>
        {
            Assert.That(notification.InvoiceId, Is.EqualTo("inv-1"));
            Assert.That(notification.PaymentNo, Is.EqualTo("100"));
            Assert.That(notification.CheckoutId, Is.EqualTo(Checkout));
            Assert.That(notification.State, Is.EqualTo(InvoiceState.Success));
            Assert.That(notification.Amount, Is.EqualTo(50m));
            Assert.That(notification.Currency, Is.EqualTo("RUB"));
            Assert.That(notification.CreditedAmount, Is.EqualTo(48.25m));
            Assert.That(notification.Payway, Is.EqualTo("visa_cpaytrz_merchant_rub"));
        });
    }

    [Test]
    public void A_refused_invoice_is_journaled_with_notification_field_names()
    {
        var body = ReconciliationService.BodyOf(Invoice("inv-1", "100", amount: 0.5m));

        Assert.That(JournalFields.Decode(body), Does.Contain(new KeyValuePair<string, string>("ik_am", "0.50")).And.Contains(new KeyValuePair<string, string>("ik_pm_no", "100")));
    }
}
