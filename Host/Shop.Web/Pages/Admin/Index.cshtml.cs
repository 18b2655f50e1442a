using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Web.Data;
using Shop.Web.PluginSystem;

namespace Shop.Web.Pages.Admin;

/// <summary>Admin dashboard: order and plugin counts.</summary>
public sealed class IndexModel(ShopDbContext db, PluginManager plugins, PluginCatalog catalog) : PageModel
{
    public int OrderCount { get; private set; }

    public int PendingCount { get; private set; }

    public int PaidCount { get; private set; }

    public int InstalledPlugins { get; private set; }

    public int AllPlugins { get; private set; }

    public int PluginErrors { get; private set; }

    public async Task OnGetAsync()
    {
        OrderCount = await db.Orders.CountAsync();
        PendingCount = await db.Orders.CountAsync(o => o.PaymentStatus == PaymentStatus.Pending);
        PaidCount = await db.Orders.CountAsync(o => o.PaymentStatus == PaymentStatus.Paid);
        await plugins.RefreshInstalledStateAsync();
        AllPlugins = catalog.Entries.Count;
        InstalledPlugins = catalog.Entries.Count(e => e.Descriptor.Installed);
        PluginErrors = catalog.Entries.Count(e => e.Descriptor.LoadError is not null);
    }
}
