using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

/// <summary>The journal summary's period (<see cref="PaymentSummaryQuery.Period"/>) and the API amounts a reconciliation row keeps.</summary>
[Category(TestCategories.Fast)]
public sealed class PaymentSummaryPeriodTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Test]
    public void No_dates_give_the_last_30_days_ending_today() =>
        Assert.That(PaymentSummaryQuery.Period(null, null, Today), Is.EqualTo((new DateOnly(2026, 11, 2), Today)));

    [Test]
    public void Only_a_start_runs_to_today_and_only_an_end_gives_the_30_days_before_it()
    {
        Assert.That(PaymentSummaryQuery.Period(new DateOnly(2026, 11, 20), null, Today), Is.EqualTo((new DateOnly(2026, 11, 20), Today)));
        Assert.That(PaymentSummaryQuery.Period(null, new DateOnly(2026, 10, 31), Today), Is.EqualTo((new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 31))));
    }

    [Test]
    public void Reversed_dates_are_swapped_and_a_period_longer_than_366_days_keeps_its_last_366()
    {
        Assert.That(PaymentSummaryQuery.Period(new DateOnly(2026, 10, 7), new DateOnly(2026, 10, 5), Today),
            Is.EqualTo((new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 7))));
        Assert.That(PaymentSummaryQuery.Period(new DateOnly(2020, 1, 1), new DateOnly(2026, 12, 31), Today),
            Is.EqualTo((new DateOnly(2025, 12, 31), new DateOnly(2026, 12, 31))));
    }

    [Test]
    public void A_reconciliation_journal_row_keeps_what_the_api_reported_the_buyer_paid_and_was_credited()
    {
        var invoice = new ApiInvoice("inv-1", "co", "100", ApiInvoiceState.Paid, 50m, "RUB", 48.25m, 51.5m, "visa_cpaytrz_merchant_rub", null, null, 0m);

        var fields = JournalFields.Decode(ReconciliationService.BodyOf(invoice));

        Assert.That(fields, Does.Contain(new KeyValuePair<string, string>("ik_co_rfn", "48.2500")).And.Contains(new KeyValuePair<string, string>("ik_ps_price", "51.50")));
    }
}
