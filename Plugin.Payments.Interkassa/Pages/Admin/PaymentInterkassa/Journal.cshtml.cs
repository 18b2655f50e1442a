using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Operations;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The notification journal: newest first, filtered, 50 rows a page (keyset), under a summary of the payments of the
/// period (the From/To filter, else the last 30 days). Thin: reads the filter, asks <see cref="JournalQuery"/> and
/// <see cref="PaymentSummaryQuery"/>.
/// </summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed class JournalModel(JournalQuery journal, PaymentSummaryQuery summaries, ISettingService settingService,
    IStoreService storeService, IStoreContext storeContext, IWorkContext workContext, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Order { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Verdict { get; set; }

    /// <summary>yyyy-MM-dd, UTC.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public PaymentSummary Summary { get; private set; } = null!;

    /// <summary>The store the summary is limited to: the admin's store scope ("settings for" in the header); null for all stores.</summary>
    public Shop.Abstractions.Domain.Store? SummaryStore { get; private set; }

    /// <summary>The admin's language: money and days are shown in it.</summary>
    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    public JournalPage Result { get; private set; } = new([], null, null);

    public int RetentionDays { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var verdict = JournalQuery.Verdicts.Contains(Verdict) ? Verdict : null;
        Result = await journal.GetPageAsync(new JournalFilter(Order, verdict, ParseDate(From), ParseDate(To), Before), cancellationToken);
        RetentionDays = (await settingService.LoadSettingAsync<InterkassaOperationsSettings>()).JournalRetentionDays;

        var scope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        SummaryStore = scope > 0 ? await storeService.GetStoreByIdAsync(scope) : null;
        var (from, to) = PaymentSummaryQuery.Period(Day(From), Day(To), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        Summary = await summaries.GetAsync(from, to, SummaryStore?.Id, cancellationToken);
        Culture = CultureOf((await workContext.GetWorkingLanguageAsync()).LanguageCulture);
    }

    /// <summary>An amount in the admin's culture with its currency code.</summary>
    public string Money(decimal amount, string currency) => (amount.ToString("N2", Culture) + " " + currency).TrimEnd();

    public string Count(int count) => count.ToString("N0", Culture);

    public string DayText(DateOnly day) => day.ToString("d", Culture);

    private static DateOnly? Day(string? value) => ParseDate(value) is { } date ? DateOnly.FromDateTime(date) : null;

    private static CultureInfo CultureOf(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>The query string of this filter with another page.</summary>
    public string LinkTo(long? before)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                query.Add(name + "=" + Uri.EscapeDataString(value));
        }

        Add(nameof(Order), Order);
        Add(nameof(Verdict), Verdict);
        Add(nameof(From), From);
        Add(nameof(To), To);
        Add(nameof(Before), before?.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', query);
    }

    private static DateTime? ParseDate(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;
}
