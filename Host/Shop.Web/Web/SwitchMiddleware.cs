using Shop.Web.Services.Stores;

namespace Shop.Web.Web;

/// <summary>
/// <c>?culture=en-US</c> or <c>?currency=USD</c> on any URL remembers the choice in a cookie and applies it to this request
/// (the work context validates the value against the published languages and currencies).
/// </summary>
public sealed class SwitchMiddleware(RequestDelegate next, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expires = time.GetUtcNow().AddYears(1);
        Remember(context, "culture", ShopCookies.Culture, WorkContext.CultureItem, expires);
        Remember(context, "currency", ShopCookies.Currency, WorkContext.CurrencyItem, expires);
        return next(context);
    }

    private static void Remember(HttpContext context, string parameter, string cookie, string item, DateTimeOffset expires)
    {
        var value = context.Request.Query[parameter].ToString();
        if (value.Length is 0 or > 20 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            return;
        context.Items[item] = value;
        context.Response.Cookies.Append(cookie, value, new CookieOptions
        {
            IsEssential = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Expires = expires,
        });
    }
}
