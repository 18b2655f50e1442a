using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Plugins;
using Shop.Web.PluginSystem;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Plugins: the list (grouped, with load errors), install and uninstall (asked on PluginUninstall) without a restart, and upload of a .zip.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 200L * 1024 * 1024)]
[RequestSizeLimit(200L * 1024 * 1024)]
public sealed class PluginsModel(PluginManager plugins, PluginCatalog catalog, PluginUploadService uploads, ShopUi ui) : PageModel
{
    public sealed record PluginRow(PluginDescriptor Descriptor, string? LogoUrl, string? ConfigureUrl, bool RestartRequired);

    public IReadOnlyList<PluginRow> Plugins { get; private set; } = [];

    public string? UploadError { get; private set; }

    public long MaxUploadMegabytes => uploads.MaxUploadBytes / 1024 / 1024;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInstallAsync(string systemName)
    {
        var result = await plugins.InstallAsync(systemName ?? "");
        Report(result, "Admin.Plugins.Installed", systemName);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? archive)
    {
        if (archive is null || archive.Length == 0)
        {
            UploadError = ui["Admin.Plugins.Upload.Empty"];
            await LoadAsync();
            return Page();
        }
        await using var stream = archive.OpenReadStream();
        var result = await uploads.UploadAsync(stream, archive.Length, HttpContext.RequestAborted);
        if (!result.Success)
        {
            UploadError = ui[result.ErrorResource!] + (result.Detail is null ? "" : $" ({result.Detail})");
            await LoadAsync();
            return Page();
        }
        var entry = result.Entry!;
        if (entry.Descriptor.LoadError is not null)
            TempData["Error"] = ui.Format("Admin.Plugins.UploadedNotLoaded", entry.Descriptor.FriendlyName, entry.Descriptor.LoadError);
        else if (entry.RestartRequired)
            TempData["Message"] = ui.Format("Admin.Plugins.UploadedRestart", entry.Descriptor.FriendlyName);
        else
            TempData["Message"] = ui.Format("Admin.Plugins.Uploaded", entry.Descriptor.FriendlyName);
        return RedirectToPage();
    }

    private void Report(PluginOperationResult result, string successResource, string? systemName)
    {
        if (result.Success)
            TempData["Message"] = ui.Format(successResource, systemName);
        else
            TempData["Error"] = ui[result.ErrorResource!] + (result.Detail is null ? "" : " " + result.Detail);
    }

    private async Task LoadAsync()
    {
        await plugins.RefreshInstalledStateAsync();
        var rows = new List<PluginRow>();
        foreach (var descriptor in plugins.GetPluginDescriptors())
        {
            var entry = catalog.FindBySystemName(descriptor.SystemName);
            string? configure = null;
            if (descriptor.Installed && descriptor.LoadError is null && plugins.GetLoadedInstance(descriptor.SystemName) is { } instance)
                configure = instance.GetConfigurationPageUrl();
            rows.Add(new PluginRow(descriptor, PluginLogoEndpoint.LogoUrl(entry), configure, entry?.RestartRequired == true));
        }
        Plugins = rows;
    }
}
