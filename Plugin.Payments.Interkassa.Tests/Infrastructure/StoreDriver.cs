using System.Net;
using AngleSharp.Html.Dom;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Drives the store's pages the way a person clicks through them (every step a real form post with its antiforgery
/// token): the buyer's checkout and the admin's plugin install. Each step asserts nothing itself but throws when
/// the store does not answer as a working store would, naming the step.
/// </summary>
public static class StoreDriver
{
    public const string TestProduct = "Тестовый товар";

    /// <summary>Adds a product to the cart from the catalogue.</summary>
    public static async Task AddToCartAsync(HttpClient buyer, string productName = TestProduct)
    {
        var catalogue = await ShopPage.GetAsync(buyer, "/");
        var card = catalogue.QuerySelectorAll("article.product-card").FirstOrDefault(c => ShopPage.Text(c, "h2") == productName)
            ?? throw new InvalidOperationException($"The catalogue has no product '{productName}'.");
        using var response = await ShopPage.SubmitAsync(buyer, (IHtmlFormElement)card.QuerySelector("form")!);
        Expect(response, HttpStatusCode.Redirect, "add to cart");
    }

    /// <summary>Checkout step 1; returns the response (a redirect to step 2 when the input is valid).</summary>
    public static async Task<HttpResponseMessage> SubmitContactAsync(HttpClient buyer, string email, string fullName, string countryCode)
    {
        var page = await ShopPage.GetAsync(buyer, "/checkout");
        return await ShopPage.SubmitAsync(buyer, page, "form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.FullName"] = fullName,
            ["Input.Country"] = countryCode,
        });
    }

    /// <summary>Checkout step 2 → the confirm page (step 3) of the chosen method.</summary>
    public static async Task<IHtmlDocument> ChoosePaymentMethodAsync(HttpClient buyer, string systemName)
    {
        var page = await ShopPage.GetAsync(buyer, "/checkout/payment");
        using var response = await ShopPage.SubmitAsync(buyer, page, "form", new Dictionary<string, string> { ["method"] = systemName });
        Expect(response, HttpStatusCode.Redirect, "choose payment method");
        return await ShopPage.FollowAsync(buyer, response);
    }

    /// <summary>Places the order from the confirm page; the response is the hand-off (redirect, form page or order page).</summary>
    public static Task<HttpResponseMessage> PlaceOrderAsync(HttpClient buyer, IHtmlDocument confirmPage) =>
        ShopPage.SubmitAsync(buyer, confirmPage, "form:has(#place-order)");

    /// <summary>The whole checkout of one product with a payment method; returns the response to "place order".</summary>
    public static async Task<HttpResponseMessage> CheckoutAsync(HttpClient buyer, string paymentMethodSystemName, string productName = TestProduct,
        string email = "buyer@example.com", string fullName = "Иван Петров", string countryCode = "RU")
    {
        await AddToCartAsync(buyer, productName);
        using (var contact = await SubmitContactAsync(buyer, email, fullName, countryCode))
            Expect(contact, HttpStatusCode.Redirect, "contact step");
        var confirm = await ChoosePaymentMethodAsync(buyer, paymentMethodSystemName);
        return await PlaceOrderAsync(buyer, confirm);
    }

    /// <summary>Installs a plugin from the admin plugin list (the client must be signed in as admin).</summary>
    public static async Task InstallPluginAsync(HttpClient admin, string systemName)
    {
        var page = await ShopPage.GetAsync(admin, "/Admin/Plugins");
        using var response = await ShopPage.SubmitAsync(admin, page, $"tr[data-system-name='{systemName}'] form[action*='Install']");
        Expect(response, HttpStatusCode.Redirect, "install " + systemName);
    }

    /// <summary>Uploads a plugin .zip through the admin plugin list's upload form (the client must be signed in as admin).</summary>
    public static async Task<HttpResponseMessage> UploadPluginAsync(HttpClient admin, byte[] zip, string fileName)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var page = await ShopPage.GetAsync(admin, "/Admin/Plugins");
        var form = page.QuerySelector("form[enctype='multipart/form-data']")
            ?? throw new InvalidOperationException("The plugin list has no upload form.");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(ShopPage.GetAntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        content.Add(file, "archive", fileName);
        return await admin.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action")), content);
    }

    /// <summary>The order guid in a buyer's order-page URL or a gateway URL (<c>?order=</c>).</summary>
    public static Guid OrderGuidFrom(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
            url = new Uri(new Uri("http://store.invalid/"), url);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        if (Guid.TryParse(query["order"], out var fromQuery))
            return fromQuery;
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "order" && Guid.TryParse(segments[1], out var fromPath)
            ? fromPath
            : throw new InvalidOperationException($"No order guid in {url}.");
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string step)
    {
        if (response.StatusCode != status)
            throw new InvalidOperationException($"Step '{step}' answered {(int)response.StatusCode}, expected {(int)status}.");
    }
}
