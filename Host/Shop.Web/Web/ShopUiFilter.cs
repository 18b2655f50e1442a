using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Shop.Web.Web;

/// <summary>
/// Loads the request's <see cref="ShopUi"/> (store, languages, currencies, strings) and sets the thread cultures to the
/// working language — only where the shop is rendered: before every Razor page (the store's and the plugins'), and
/// before a controller's view. A controller answering data (a payment notification, an API call) pays for none of it,
/// not even for building <see cref="ShopUi"/> and its services (hence <see cref="Lazy{T}"/>).
/// </summary>
public sealed class ShopUiFilter(Lazy<ShopUi> ui) : IAsyncResourceFilter, IAsyncResultFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // Page handlers read the UI (messages, formatting) before they choose a result.
        if (context.ActionDescriptor is PageActionDescriptor)
            await LoadAsync();
        await next();
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Result is ViewResult or PartialViewResult or PageResult)
            await LoadAsync();
        await next();
    }

    private async Task LoadAsync()
    {
        await ui.Value.LoadAsync();
        CultureInfo.CurrentCulture = ui.Value.Culture;
        CultureInfo.CurrentUICulture = ui.Value.Culture;
    }
}
