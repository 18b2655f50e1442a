using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The plugin's configure page: five tabs in one form with one «Save», per-store overrides, write-only secrets
/// (typed keys: TypedSecrets.cs; the connection check and the self-test, which never save: Configure.Operations.cs).
/// Binding and rendering only: loading, reading, validating and saving are the <see cref="ConfigureEditor"/>'s.
/// </summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed partial class ConfigureModel(ConfigureEditor editor, SecretProtector protector) : PageModel
{
    /// <summary>Largest logo accepted, bytes.</summary>
    public const int MaxLogoBytes = ConfigureEditor.MaxLogoBytes;

    [BindProperty]
    public ConfigureInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Logo { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "connection";

    /// <summary>What the page shows for the admin's store scope (set by every handler before rendering).</summary>
    public ConfigureView View { get; private set; } = null!;

    public int StoreScope => View.StoreScope;

    public string ScopeName => View.ScopeName;

    public IReadOnlyList<Language> Languages => View.Languages;

    /// <summary>Masked stored secrets ("••••1234"), empty when none is set.</summary>
    public string SecretKeyMask => View.SecretKeyMask;
    public string TestKeyMask => View.TestKeyMask;
    public string ApiKeyMask => View.ApiKeyMask;

    /// <summary>URLs to paste into the Interkassa cabinet.</summary>
    public IReadOnlyList<(string Resource, string Url)> CabinetUrls => View.CabinetUrls;

    /// <summary>The logo checkout shows for the scope: the store's own, else the one of all stores.</summary>
    public string? LogoUrl => View.LogoUrl;

    /// <summary>The store being configured has a logo of its own (it can go back to the logo of all stores).</summary>
    public bool HasStoreLogo => View.HasStoreLogo;

    /// <summary>Per language culture: the name and description checkout shows when the field is empty.</summary>
    public IReadOnlyDictionary<string, (string Name, string Description)> Defaults => View.Defaults;

    public bool Saved { get; private set; }

    /// <summary>Whether the saved settings take test payments only (shown as a banner so the admin always knows).</summary>
    public bool SavedTestMode => View.Stored.TestMode;

    /// <summary>Tabs holding at least one field error (each gets a mark).</summary>
    public IReadOnlySet<string> TabsWithErrors { get; private set; } = new HashSet<string>();

    /// <summary>Masks of keys typed but not saved yet, by field ("••••1234").</summary>
    public IReadOnlyDictionary<string, string> PendingMasks { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(bool saved = false)
    {
        // A GET validates nothing the admin typed: only POST handlers report field errors.
        ModelState.Clear();
        Saved = saved;
        View = await editor.LoadAsync();
        Input = await editor.ToInputAsync(View);
    }

    /// <summary>The one «Save»: every field of every tab, validated, saved together or not at all.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        View = await editor.LoadAsync();
        await LocalizeBindingErrorsAsync();
        var edit = await editor.ReadAsync(View, Input, Logo);
        foreach (var (key, message) in edit.Errors)
            ModelState.AddModelError(key, message);
        if (!ModelState.IsValid)
        {
            KeepTypedSecrets(edit.Secrets);
            MarkErrorTabs();
            return Page();
        }

        await editor.SaveAsync(View, edit, Input);
        return RedirectToPage(new { saved = true, tab = Tab });
    }

    /// <summary>The page is shown again without saving: typed keys are kept (encrypted) and the page says they are not saved.</summary>
    private void KeepTypedSecrets(TypedSecrets secrets)
    {
        secrets.KeepPending(Input, protector);
        PendingMasks = new Dictionary<string, string>
        {
            [nameof(ConfigureInput.SecretKey)] = secrets.Secret.NewMask,
            [nameof(ConfigureInput.TestKey)] = secrets.Test.NewMask,
            [nameof(ConfigureInput.ApiKey)] = secrets.Api.NewMask,
        };
    }

    /// <summary>A value the binder could not read (a letter in a number) gets the plugin's message, in the admin's language.</summary>
    private async Task LocalizeBindingErrorsAsync()
    {
        var message = await editor.TextAsync("Errors.Number");
        foreach (var (key, entry) in ModelState.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            ModelState.AddModelError(key, message);
        }
    }

    /// <summary>Opens the first tab with an error and marks every tab that has one.</summary>
    private void MarkErrorTabs()
    {
        var tabs = ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => TabOf(e.Key)).ToList();
        TabsWithErrors = tabs.ToHashSet();
        if (tabs.Count > 0 && !TabsWithErrors.Contains(Tab))
            Tab = tabs[0];
    }

    /// <summary>The tab holding a field, so the page opens where the first error is.</summary>
    private static string TabOf(string key)
    {
        var field = key.Replace($"{nameof(Input)}.", "", StringComparison.Ordinal);
        return field switch
        {
            nameof(Logo) or nameof(ConfigureInput.ShowLogo) or nameof(ConfigureInput.RemoveStoreLogo) => "description",
            _ when field.StartsWith(nameof(ConfigureInput.Names), StringComparison.Ordinal)
                   || field.StartsWith(nameof(ConfigureInput.Descriptions), StringComparison.Ordinal) => "description",
            nameof(ConfigureInput.MinOrderTotal) or nameof(ConfigureInput.MaxOrderTotal) or nameof(ConfigureInput.AllowedCurrencies)
                or nameof(ConfigureInput.AllowedCountries) or nameof(ConfigureInput.AllowedCustomerRoles) => "display",
            nameof(ConfigureInput.CommissionPercent) or nameof(ConfigureInput.BuyerCommissionSharePercent)
                or nameof(ConfigureInput.FixedFee) => "commission",
            nameof(ConfigureInput.ReconciliationIntervalMinutes) or nameof(ConfigureInput.ReconciliationMinAgeMinutes)
                or nameof(ConfigureInput.ReconciliationLookbackDays) or nameof(ConfigureInput.RefundLookbackDays) or nameof(ConfigureInput.JournalRetentionDays)
                or nameof(ConfigureInput.PaymentLinkLifetimeDays) or nameof(ConfigureInput.AutoCancelEnabled)
                or nameof(ConfigureInput.AutoCancelHours) => "operations",
            _ => "connection",
        };
    }
}
