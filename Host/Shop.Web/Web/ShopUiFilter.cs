using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Shop.Web.Web;

/// <summary>
/// Before every page or controller action (the store's and the plugins'): loads the request's <see cref="ShopUi"/>
/// and sets the thread cultures to the working language, so views and number formatting follow the buyer's choice.
/// </summary>
public sealed class ShopUiFilter(ShopUi ui) : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ui.LoadAsync();
        CultureInfo.CurrentCulture = ui.Culture;
        CultureInfo.CurrentUICulture = ui.Culture;
        await next();
    }
}
