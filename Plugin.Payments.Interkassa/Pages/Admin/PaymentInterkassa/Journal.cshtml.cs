using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Operations;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>The notification journal: newest first, filtered, 50 rows a page (keyset). Thin: reads the filter, asks <see cref="JournalQuery"/>.</summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed class JournalModel(JournalQuery journal, ISettingService settingService) : PageModel
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

    public JournalPage Result { get; private set; } = new([], null, null);

    public int RetentionDays { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var verdict = JournalQuery.Verdicts.Contains(Verdict) ? Verdict : null;
        Result = await journal.GetPageAsync(new JournalFilter(Order, verdict, ParseDate(From), ParseDate(To), Before), cancellationToken);
        RetentionDays = (await settingService.LoadSettingAsync<InterkassaOperationsSettings>()).JournalRetentionDays;
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
