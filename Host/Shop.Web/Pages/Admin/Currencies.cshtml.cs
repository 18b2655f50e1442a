using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Web.Data;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Currencies and their rates against the primary currency; every rate is checked before any is saved.</summary>
public sealed class CurrenciesModel(ShopDbContext db, ICurrencyService currencies, ShopUi ui) : PageModel
{
    private const decimal MaxRate = 1_000_000m;

    public IReadOnlyList<Currency> Currencies { get; private set; } = [];

    public string PrimaryCode { get; private set; } = "";

    public Dictionary<int, string> Errors { get; } = [];

    public Dictionary<int, string?> Submitted { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Dictionary<int, string?> rates)
    {
        await LoadAsync();
        Submitted = rates ?? [];
        var parsed = new Dictionary<int, decimal>();
        foreach (var currency in Currencies.Where(c => c.CurrencyCode != PrimaryCode))
        {
            var text = Submitted.GetValueOrDefault(currency.Id);
            if (!DecimalInput.TryParse(text, out var rate) || rate <= 0m || rate > MaxRate)
                Errors[currency.Id] = ui["Admin.Currencies.RateInvalid"];
            else
                parsed[currency.Id] = rate;
        }
        if (Errors.Count > 0)
            return Page();
        foreach (var (id, rate) in parsed)
            await db.Currencies.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Rate, rate));
        TempData["Message"] = ui["Admin.Saved"];
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Currencies = await db.Currencies.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync();
        PrimaryCode = (await currencies.GetPrimaryStoreCurrencyAsync()).CurrencyCode;
    }
}
