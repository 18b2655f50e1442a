using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Plugins;
using Shop.Web.PluginSystem;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>
/// Uninstalling asks first: what will be deleted, what is kept (a plugin's records, <see cref="IPluginWithData"/>)
/// and a box to delete those too. Nothing is uninstalled by a GET or without this page's button.
/// </summary>
public sealed class PluginUninstallModel(PluginManager plugins, ShopUi ui) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SystemName { get; set; } = "";

    [BindProperty]
    public bool DeleteData { get; set; }

    public PluginDescriptor? Descriptor { get; private set; }

    /// <summary>Resource describing the records the plugin keeps, or null when it keeps none.</summary>
    public string? DataDescriptionResource { get; private set; }

    public IActionResult OnGet() => Load() ? Page() : RedirectToPage("Plugins");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Load())
            return RedirectToPage("Plugins");
        var result = await plugins.UninstallAsync(SystemName, DeleteData && DataDescriptionResource is not null);
        if (result.Success)
        {
            TempData["Message"] = ui.Format(DataDescriptionResource is null || DeleteData ? "Admin.Plugins.Uninstalled" : "Admin.Plugins.Uninstalled.DataKept",
                Descriptor!.FriendlyName);
        }
        else
        {
            TempData["Error"] = ui[result.ErrorResource!] + (result.Detail is null ? "" : " " + result.Detail);
        }
        return RedirectToPage("Plugins");
    }

    private bool Load()
    {
        Descriptor = plugins.GetPluginDescriptorBySystemName(SystemName);
        if (Descriptor is not { Installed: true, LoadError: null })
            return false;
        DataDescriptionResource = (plugins.GetLoadedInstance(SystemName) as IPluginWithData)?.DataDescriptionResource;
        return true;
    }
}
