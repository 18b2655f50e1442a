using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// The method's name, description and logo at checkout: per language and per store as set on the configure page,
/// falling back to the store's default language, then to the language pack's «Интеркасса».
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class CheckoutNameAndLogoTests
{
    private const string Method = "label.method[data-method='Payments.Interkassa']";

    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = Operate.NoBackgroundTasks });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task Clearing_the_custom_name_brings_back_Interkassa_at_checkout_and_in_the_admin()
    {
        using (var named = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.Names[ru-RU]"] = "Оплата картой", ["Input.Names[en-US]"] = "Card payment" }))
            Assert.That(named.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var customAtCheckout = await NameAtCheckoutAsync();
        var customInAdmin = await NameInAdminListAsync();
        var customInEnglish = await NameAtCheckoutAsync("en-US");

        using (var cleared = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.Names[ru-RU]"] = "", ["Input.Names[en-US]"] = "" }))
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var configure = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);

        Assert.Multiple(async () =>
        {
            Assert.That(customAtCheckout, Is.EqualTo("Оплата картой"));
            Assert.That(customInAdmin, Is.EqualTo("Оплата картой"));
            Assert.That(customInEnglish, Is.EqualTo("Card payment"));
            Assert.That(await NameAtCheckoutAsync(), Is.EqualTo("Интеркасса"), "the checkout's default name is back");
            Assert.That(await NameAtCheckoutAsync("en-US"), Is.EqualTo("Interkassa"), "in each language");
            Assert.That(await NameInAdminListAsync(), Is.EqualTo("Интеркасса"), "the admin's list too");
            Assert.That(configure.QuerySelector<IHtmlInputElement>("#f-name-ru-RU")?.Value, Is.Empty);
            Assert.That(configure.QuerySelector("#f-name-ru-RU")?.GetAttribute("placeholder"), Is.EqualTo("Интеркасса"), "the empty field shows what checkout will say");
        });
    }

    [Test]
    public async Task A_store_shows_its_own_name_description_and_logo_and_falls_back_to_its_default_language()
    {
        using (var shared = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.Names[ru-RU]"] = "Общее название" }))
            Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var logo = PngOf(300);
        try
        {
            await ChooseStoreScopeAsync(1);
            var scoped = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
            using (var saved = await PostWithLogoAsync(scoped, new Dictionary<string, string>
                   {
                       ["Input.Names[ru-RU]"] = "Карта магазина №1",
                       ["Input.Names[en-US]"] = "",
                       ["Input.Descriptions[ru-RU]"] = "Оплата картой Мир или Visa.",
                   }, ["LocalizedNames", "LocalizedDescriptions"], logo))
            {
                Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "saved for store 1");
            }

            var russian = await PaymentPageAsync();
            var english = await PaymentPageAsync("en-US");
            var logoUrl = russian.QuerySelector(Method + " img")?.GetAttribute("src");
            using var served = await _store.Shop.Client.GetAsync(logoUrl);
            var (sharedSettings, storeSettings) = await _store.Shop.WithScopeAsync(async services =>
            {
                var settings = services.GetRequiredService<ISettingService>();
                return (await settings.LoadSettingAsync<InterkassaSettings>(0), await settings.LoadSettingAsync<InterkassaSettings>(1));
            });

            Assert.Multiple(async () =>
            {
                Assert.That(ShopPage.Text(russian, Method + " .method-name"), Is.EqualTo("Карта магазина №1"));
                Assert.That(ShopPage.Text(russian, Method + " .method-description"), Is.EqualTo("Оплата картой Мир или Visa."));
                Assert.That(ShopPage.Text(english, Method + " .method-name"), Is.EqualTo("Карта магазина №1"),
                    "no English name for the store: the store's default language, not the all-stores name");
                Assert.That(logoUrl, Does.StartWith("/" + InterkassaDefaults.LogoPath + "/1?v="), "the store's own logo");
                Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(served.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
                Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(logo));
                Assert.That(LocalizedText.Get(sharedSettings.LocalizedNames, "ru-RU"), Is.EqualTo("Общее название"), "all stores keep theirs");
                Assert.That(LocalizedText.Get(storeSettings.LocalizedNames, "ru-RU"), Is.EqualTo("Карта магазина №1"));
                Assert.That(await NameInAdminListAsync(), Is.EqualTo("Общее название"), "the store-wide name is the all-stores one");
            });

            // Back to the logo and the texts of all stores.
            var again = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
            Assert.That(again.QuerySelector("#ik-logo")?.GetAttribute("data-own"), Is.EqualTo("true"), "the page shows the store's own logo");
            using (var reset = await ShopPage.SubmitAsync(_store.Admin, again, "form.ik-form", new Dictionary<string, string>
                   {
                       ["Input.RemoveStoreLogo"] = "true",
                       ["Input.Overrides"] = nameof(InterkassaSettings.ShowLogo),
                   }))
            {
                Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            }

            var back = await PaymentPageAsync();
            Assert.Multiple(() =>
            {
                Assert.That(ShopPage.Text(back, Method + " .method-name"), Is.EqualTo("Общее название"));
                Assert.That(back.QuerySelector(Method + " img")?.GetAttribute("src"), Is.EqualTo("/Plugins/Payments.Interkassa/logo.png"));
            });
        }
        finally
        {
            await ChooseStoreScopeAsync(0);
            using var reset = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.Names[ru-RU]"] = "" });
        }
    }

    /// <summary>A valid PNG header followed by <paramref name="size"/> bytes.</summary>
    private static byte[] PngOf(int size) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, size).Select(i => (byte)i)];

    private async Task ChooseStoreScopeAsync(int storeId)
    {
        var page = await ShopPage.GetAsync(_store.Admin, InterkassaDefaults.ConfigurePath);
        using var scope = await ShopPage.SubmitAsync(_store.Admin, page, "form.scope-form", new Dictionary<string, string> { ["storeId"] = storeId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.That(scope.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "store scope chosen");
    }

    /// <summary>The configure form as a browser posts it with a chosen file: its fields, the values, the overrides and the logo.</summary>
    private async Task<HttpResponseMessage> PostWithLogoAsync(IHtmlDocument page, Dictionary<string, string> values, string[] overrides, byte[] logo)
    {
        var form = page.QuerySelector<IHtmlFormElement>("form.ik-form")!;
        using var content = new MultipartFormDataContent();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || values.ContainsKey(name))
                continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" } box when box.IsChecked && name != "Input.Overrides":
                case IHtmlInputElement { Type: "hidden" or "text" }:
                    content.Add(new StringContent(((IHtmlInputElement)element).Value), name);
                    break;
                case IHtmlSelectElement select:
                    content.Add(new StringContent(select.Value ?? ""), name);
                    break;
                case IHtmlTextAreaElement area:
                    content.Add(new StringContent(area.Value), name);
                    break;
            }
        }
        foreach (var (name, value) in values)
            content.Add(new StringContent(value), name);
        foreach (var setting in overrides)
            content.Add(new StringContent(setting), "Input.Overrides");
        var file = new ByteArrayContent(logo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(file, "Logo", "logo.png");
        return await _store.Admin.PostAsync(new Uri(_store.Shop.BaseAddress, InterkassaDefaults.ConfigurePath), content);
    }

    [Test]
    public async Task A_buyer_who_switches_to_Ukrainian_reads_the_store_and_Interkassa_in_Ukrainian()
    {
        using var buyer = _store.Shop.CreateBrowser();
        var catalog = await ShopPage.GetAsync(buyer, "/?culture=uk-UA");
        await StoreDriver.AddToCartAsync(buyer);
        var cart = await ShopPage.GetAsync(buyer, "/cart");
        using (var contact = await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Тарас Коваленко", "UA"))
            Assert.That(contact.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "contact step");
        using var response = await buyer.GetAsync(new Uri("/checkout/payment", UriKind.Relative));
        var source = await response.Content.ReadAsStringAsync();
        var payment = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(catalog.DocumentElement.GetAttribute("lang"), Is.EqualTo("uk"));
            Assert.That(ShopPage.Text(catalog, ".switcher-current"), Is.EqualTo("Українська"));
            Assert.That(ShopPage.Text(catalog, "article.product-card button"), Is.EqualTo("До кошика"));
            Assert.That(ShopPage.Text(cart, "h1"), Is.EqualTo("Кошик"), "the choice is remembered");
            Assert.That(ShopPage.Text(payment, "h1"), Is.EqualTo("Оформлення замовлення"));
            Assert.That(ShopPage.Text(payment, Method + " .method-name"), Is.EqualTo("Інтеркаса"), "the plugin's uk-UA pack was imported for the language");
            Assert.That(ShopPage.Text(payment, Method + " .method-description"), Does.StartWith("Банківські картки"));
            Assert.That(source, Does.Contain("Інтеркаса").And.Not.Contain("&#x4"), "Cyrillic is written as text, not as entities");
        });
    }

    private async Task<IHtmlDocument> PaymentPageAsync(string culture = "ru-RU")
    {
        using var buyer = _store.Shop.CreateBrowser();
        await ShopPage.GetAsync(buyer, "/?culture=" + culture);
        await StoreDriver.AddToCartAsync(buyer);
        using (var contact = await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU"))
            Assert.That(contact.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "contact step");
        return await ShopPage.GetAsync(buyer, "/checkout/payment");
    }

    private async Task<string?> NameAtCheckoutAsync(string culture = "ru-RU") => ShopPage.Text(await PaymentPageAsync(culture), Method + " .method-name");

    private async Task<string?> NameInAdminListAsync()
    {
        var list = await ShopPage.GetAsync(_store.Admin, "/Admin/PaymentMethods");
        return ShopPage.Text(list, "tr[data-system-name='Payments.Interkassa'] td strong");
    }
}
