using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Web.Web;

namespace Shop.Web.Pages;

/// <summary>The page for every error status (re-executed by the status-code and exception middleware); it keeps the status code.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ShopUi ui) : PageModel
{
    private static readonly int[] KnownCodes = [400, 403, 404, 405, 413, 500];

    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        var key = KnownCodes.Contains(Code) ? Code : Code >= 500 ? 500 : 400;
        Title = ui[$"Error.{key}.Title"];
        Text = ui[$"Error.{key}.Text"];
        // Re-executed requests keep their original status; a direct visit answers with the code it shows.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is null)
            Response.StatusCode = Code;
        else if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null)
            Response.StatusCode = StatusCodes.Status500InternalServerError;
        return Page();
    }
}
