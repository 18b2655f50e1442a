using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;
using Shop.Web.PluginSystem;
using Shop.Web.Services.Payments;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Installed payment methods: active or not in the admin's store scope, and their configure pages.</summary>
public sealed class PaymentMethodsModel(
    PluginManager plugins, PluginCatalog catalog, PaymentMethodActivation activation, IStoreContext storeContext, IStoreService stores, ShopUi ui)
    : PageModel
{
    public sealed record MethodRow(string SystemName, string Name, bool Active, string? ConfigureUrl, string? LogoUrl, string Features);

    public IReadOnlyList<MethodRow> Methods { get; private set; } = [];

    public string ScopeName { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var scope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        ScopeName = scope == 0 ? ui["Admin.StoreScope.All"] : (await stores.GetStoreByIdAsync(scope))?.Name ?? "";
        var rows = new List<MethodRow>();
        foreach (var method in await plugins.GetInstalledPluginsAsync<IPaymentMethod>())
        {
            var d = method.PluginDescriptor;
            var features = new List<string>();
            if (method.SupportRefund)
                features.Add(ui["Admin.PaymentMethods.Feature.Refund"]);
            if (method.SupportPartiallyRefund)
                features.Add(ui["Admin.PaymentMethods.Feature.PartialRefund"]);
            if (method.SupportVoid)
                features.Add(ui["Admin.PaymentMethods.Feature.Void"]);
            if (method.SupportCapture)
                features.Add(ui["Admin.PaymentMethods.Feature.Capture"]);
            rows.Add(new MethodRow(d.SystemName, ui.Or("Plugins.FriendlyName." + d.SystemName, d.FriendlyName),
                await activation.IsActiveAsync(d.SystemName, scope), method.GetConfigurationPageUrl(),
                PluginLogoEndpoint.LogoUrl(catalog.FindBySystemName(d.SystemName)), string.Join(", ", features)));
        }
        Methods = rows;
    }

    public async Task<IActionResult> OnPostToggleAsync(string systemName, bool active)
    {
        if (await plugins.GetPluginAsync<IPaymentMethod>(systemName ?? "") is null)
            return NotFound();
        var scope = await storeContext.GetActiveStoreScopeConfigurationAsync();
        await activation.SetActiveAsync(systemName!, scope, active);
        TempData["Message"] = ui.Format(active ? "Admin.PaymentMethods.Activated" : "Admin.PaymentMethods.Deactivated", systemName);
        return RedirectToPage();
    }
}
