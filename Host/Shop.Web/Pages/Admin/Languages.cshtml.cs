using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Services.Localization;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Languages: publish or hide them, and import a nopCommerce language pack into one.</summary>
public sealed class LanguagesModel(ShopDbContext db, LocalizationService localization, IStoreContext storeContext, ShopUi ui) : PageModel
{
    private const long MaxPackBytes = 5 * 1024 * 1024;

    public sealed record LanguageRow(Language Language, int ResourceCount, bool IsDefault);

    public IReadOnlyList<LanguageRow> Languages { get; private set; } = [];

    public int? ImportErrorFor { get; private set; }

    public string? ImportError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPublishAsync(int id, bool published)
    {
        var store = await storeContext.GetCurrentStoreAsync();
        if (!published && id == store.DefaultLanguageId)
        {
            TempData["Error"] = ui["Admin.Languages.CannotHideDefault"];
            return RedirectToPage();
        }
        var changed = await db.Languages.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Published, published));
        if (changed == 0)
            return NotFound();
        TempData["Message"] = ui["Admin.Saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostImportAsync(int id, IFormFile? pack)
    {
        var language = await db.Languages.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id);
        if (language is null)
            return NotFound();
        if (pack is null || pack.Length == 0 || pack.Length > MaxPackBytes)
            return await ImportFailedAsync(id, ui["Admin.Languages.ImportFileMissing"]);
        try
        {
            using var reader = new StreamReader(pack.OpenReadStream());
            var count = await localization.ImportLanguagePackAsync(language, reader);
            TempData["Message"] = ui.Format("Admin.Languages.Imported", count, language.Name);
            return RedirectToPage();
        }
        catch (InvalidDataException e)
        {
            return await ImportFailedAsync(id, ui["Admin.Languages.ImportInvalid"] + " " + e.Message);
        }
    }

    private async Task<IActionResult> ImportFailedAsync(int id, string error)
    {
        ImportErrorFor = id;
        ImportError = error;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var counts = await db.LocaleStringResources.GroupBy(r => r.LanguageId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        Languages = (await db.Languages.AsNoTracking().OrderBy(l => l.DisplayOrder).ToListAsync())
            .Select(l => new LanguageRow(l, counts.GetValueOrDefault(l.Id), l.Id == store.DefaultLanguageId)).ToList();
    }
}
