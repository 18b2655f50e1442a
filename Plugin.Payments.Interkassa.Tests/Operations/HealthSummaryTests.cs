using Microsoft.Extensions.Diagnostics.HealthChecks;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class HealthSummaryTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 5, 0, 0, DateTimeKind.Utc);

    private static ReconciliationResult Result(int errors = 0) => new(Now.AddMinutes(-3), true, 4, 1, 0, errors, errors > 0 ? "The Interkassa API did not answer in time." : null);

    [Test]
    public void Complete_settings_and_a_clean_reconciliation_are_healthy()
    {
        var result = HealthSummary.Build([new StoreHealth(1, true, true, Result())], Now.AddSeconds(-90), Now);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(result.Data["lastVerifiedNotificationAgeSeconds"], Is.EqualTo(90L));
            Assert.That(result.Data["store1.settingsComplete"], Is.EqualTo(true));
            Assert.That(result.Data["store1.reconciliation.checked"], Is.EqualTo(4));
            Assert.That(result.Data["store1.reconciliation.applied"], Is.EqualTo(1));
            Assert.That(result.Data["store1.reconciliation.errors"], Is.EqualTo(0));
        });
    }

    [Test]
    public void A_store_with_incomplete_settings_degrades_the_check()
    {
        var result = HealthSummary.Build([new StoreHealth(1, true, true, null), new StoreHealth(2, false, false, null)], null, Now);

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(result.Description, Does.Contain("store 2"));
        Assert.That(result.Data["store2.settingsComplete"], Is.EqualTo(false));
    }

    [Test]
    public void Reconciliation_errors_degrade_the_check() =>
        Assert.That(HealthSummary.Build([new StoreHealth(1, true, true, Result(errors: 2))], Now, Now).Status, Is.EqualTo(HealthStatus.Degraded));

    [Test]
    public void No_verified_notification_yet_is_reported_as_minus_one() =>
        Assert.That(HealthSummary.Build([], null, Now).Data["lastVerifiedNotificationAgeSeconds"], Is.EqualTo(-1L));

    [Test]
    public void The_data_holds_only_flags_counts_and_times()
    {
        var result = HealthSummary.Build([new StoreHealth(1, true, true, Result(errors: 1))], Now, Now);

        // The error text stays out of /health: it is shown on the configure page to admins only.
        Assert.That(result.Data.Values, Has.All.Matches<object>(v => v is bool or int or long || v is string s && DateTime.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _)));
    }

    [Test]
    public void The_last_result_survives_its_setting_round_trip()
    {
        var result = Result(errors: 1);

        Assert.Multiple(() =>
        {
            Assert.That(ReconciliationResult.FromJson(result.ToJson()), Is.EqualTo(result));
            Assert.That(ReconciliationResult.FromJson("{not json"), Is.Null);
            Assert.That(ReconciliationResult.FromJson(null), Is.Null);
        });
    }
}
