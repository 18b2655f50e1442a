using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Web.Data;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Stores: name, public URL (links sent to payment systems are built from it) and the host names that select it.</summary>
public sealed class StoresModel(ShopDbContext db, ShopUi ui) : PageModel
{
    public sealed class StoreInput
    {
        public string Name { get; set; } = "";

        public string Url { get; set; } = "";

        public string Hosts { get; set; } = "";

        public bool HasErrors { get; set; }

        public static StoreInput From(Store store)
        {
            ArgumentNullException.ThrowIfNull(store);
            return new StoreInput { Name = store.Name, Url = store.Url, Hosts = store.Hosts };
        }
    }

    public IReadOnlyList<Store> Stores { get; private set; } = [];

    public int? EditedId { get; private set; }

    public StoreInput Input { get; private set; } = new();

    public async Task OnGetAsync() => Stores = await db.Stores.AsNoTracking().OrderBy(s => s.DisplayOrder).ThenBy(s => s.Id).ToListAsync();

    public async Task<IActionResult> OnPostSaveAsync(int id, string? name, string? url, string? hosts)
    {
        Input = new StoreInput { Name = (name ?? "").Trim(), Url = (url ?? "").Trim(), Hosts = NormalizeHosts(hosts) };
        var errors = new Dictionary<string, string>();
        if (Input.Name.Length is 0 or > 400)
            errors["name"] = ui["Admin.Stores.NameInvalid"];
        if (Input.Url.Length > 0)
        {
            if (Input.Url.Length > 400 || !Uri.TryCreate(Input.Url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
            {
                errors["url"] = ui["Admin.Stores.UrlInvalid"];
            }
            else
            {
                Input.Url = parsed.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
            }
        }
        if (id != 0 && !await db.Stores.AnyAsync(s => s.Id == id))
            return NotFound();
        if (errors.Count > 0)
        {
            Input.HasErrors = true;
            EditedId = id;
            ViewData["StoreErrors"] = errors;
            await OnGetAsync();
            return Page();
        }

        if (id == 0)
        {
            var languageId = await db.Stores.AsNoTracking().OrderBy(s => s.Id).Select(s => s.DefaultLanguageId).FirstOrDefaultAsync();
            var order = await db.Stores.CountAsync();
            db.Stores.Add(new Store { Name = Input.Name, Url = Input.Url, Hosts = Input.Hosts, DefaultLanguageId = languageId, DisplayOrder = order });
            await db.SaveChangesAsync();
        }
        else
        {
            await db.Stores.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Name, Input.Name).SetProperty(x => x.Url, Input.Url).SetProperty(x => x.Hosts, Input.Hosts));
        }
        TempData["Message"] = ui["Admin.Saved"];
        return RedirectToPage();
    }

    private static string NormalizeHosts(string? hosts) =>
        string.Join(",", (hosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant()).Where(h => h.Length <= 200).Distinct().Take(20));
}
