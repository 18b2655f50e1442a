using AngleSharp.Html.Dom;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Admin actions that move money or delete data are asked twice (a confirmation with the amount, or a page saying
/// what will be deleted); these helpers press the button and then the «yes», as a person does.
/// </summary>
internal static class AdminConfirmations
{
    /// <summary>Submits a refund form and, when the page asks to confirm, confirms; returns the last response.</summary>
    public static async Task<HttpResponseMessage> SubmitAndConfirmAsync(HttpClient admin, IHtmlDocument page, string formSelector,
        IReadOnlyDictionary<string, string>? values = null)
    {
        var first = await ShopPage.SubmitAsync(admin, page, formSelector, values);
        if (first.StatusCode != System.Net.HttpStatusCode.OK)
            return first;
        await first.Content.LoadIntoBufferAsync();
        var asked = await ShopPage.ParseHtmlAsync(first);
        if (asked.QuerySelector("form#refund-confirm") is null)
            return first;
        first.Dispose();
        return await ShopPage.SubmitAsync(admin, asked, "form#refund-confirm");
    }

    /// <summary>Uninstalls a plugin through its confirmation page, optionally ticking «delete the payment history».</summary>
    public static async Task<HttpResponseMessage> UninstallAsync(HttpClient admin, string systemName, bool deleteData = false)
    {
        var page = await ShopPage.GetAsync(admin, "/Admin/PluginUninstall?systemName=" + Uri.EscapeDataString(systemName));
        return await ShopPage.SubmitAsync(admin, page, "#uninstall-confirmation form",
            deleteData ? new Dictionary<string, string> { ["DeleteData"] = "true" } : null);
    }
}
