using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;
using Shop.Web.Services.Payments;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The admin's other pages: validated currency rates and stores, the store scope, language packs, order notes.</summary>
[Category(TestCategories.Database)]
public sealed class AdminPagesTests
{
    private ShopFactory _shop = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay) });
        _admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(_admin);
        await StoreDriver.InstallPluginAsync(_admin, TestPlugins.TestPaySystemName);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _shop.DisposeAsync();
    }

    [Test]
    public async Task Currency_rates_are_all_checked_before_any_is_saved()
    {
        var page = await ShopPage.GetAsync(_admin, "/Admin/Currencies");
        var ids = page.QuerySelectorAll("tr[data-code]").Where(r => r.QuerySelector("input") is not null)
            .ToDictionary(r => r.GetAttribute("data-code")!, r => r.QuerySelector("input")!.GetAttribute("name")!);

        using var bad = await ShopPage.SubmitAsync(_admin, page, "main form", new Dictionary<string, string>
        {
            [ids["USD"]] = "abc",
            [ids["EUR"]] = "-1",
            [ids["UAH"]] = "0,55",
        });
        var badPage = await ShopPage.ParseHtmlAsync(bad);
        var afterBad = await RateAsync("UAH");
        using var good = await ShopPage.SubmitAsync(_admin, await ShopPage.GetAsync(_admin, "/Admin/Currencies"), "main form",
            new Dictionary<string, string> { [ids["UAH"]] = "0,55" });
        var afterGood = await RateAsync("UAH");

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(badPage, "span[data-field=rate-USD]"), Is.EqualTo("Введите положительное число, например 0.0125"));
            Assert.That(ShopPage.Text(badPage, "span[data-field=rate-EUR]"), Is.EqualTo("Введите положительное число, например 0.0125"));
            Assert.That(badPage.QuerySelector("span[data-field=rate-UAH]"), Is.Null);
            Assert.That(afterBad, Is.EqualTo(0.52m), "nothing is saved while any rate is wrong");
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterGood, Is.EqualTo(0.55m));
        });
    }

    [Test]
    public async Task A_store_url_must_be_an_absolute_http_address_and_is_saved_with_a_trailing_slash()
    {
        var page = await ShopPage.GetAsync(_admin, "/Admin/Stores");
        var addForm = page.QuerySelectorAll("form").Last();
        using var bad = await ShopPage.SubmitAsync(_admin, (AngleSharp.Html.Dom.IHtmlFormElement)addForm,
            new Dictionary<string, string> { ["name"] = "Второй", ["url"] = "javascript:alert(1)" });
        var badPage = await ShopPage.ParseHtmlAsync(bad);
        using var good = await ShopPage.SubmitAsync(_admin, (AngleSharp.Html.Dom.IHtmlFormElement)addForm,
            new Dictionary<string, string> { ["name"] = "Второй", ["url"] = "https://second.example", ["hosts"] = "Second.Example, www.second.example" });
        var stored = await _shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Stores.AsNoTracking().SingleAsync(s => s.Name == "Второй"));

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(badPage, "span[data-field=url]"), Is.EqualTo("Введите полный адрес http(s)://… без параметров."));
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(stored.Url, Is.EqualTo("https://second.example/"));
            Assert.That(stored.Hosts, Is.EqualTo("second.example,www.second.example"));
        });
    }

    [Test]
    public async Task Deactivating_a_method_in_one_store_scope_leaves_the_shared_setting_active()
    {
        var storeId = await _shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            var store = new Shop.Abstractions.Domain.Store { Name = "Scoped", DefaultLanguageId = await db.Languages.Select(l => l.Id).FirstAsync() };
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store.Id;
        });
        using var admin = _shop.CreateBrowser();
        await _shop.LoginAsAdminAsync(admin);

        var dashboard = await ShopPage.GetAsync(admin, "/Admin");
        using (var scope = await ShopPage.SubmitAsync(admin, dashboard, "form.scope-form",
                   new Dictionary<string, string> { ["storeId"] = storeId.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            Assert.That(scope.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        var methods = await ShopPage.GetAsync(admin, "/Admin/PaymentMethods");
        using (await ShopPage.SubmitAsync(admin, methods, $"tr[data-system-name='{TestPlugins.TestPaySystemName}'] form"))
        {
        }
        var (scoped, shared) = await _shop.WithScopeAsync(async services =>
        {
            var activation = services.GetRequiredService<PaymentMethodActivation>();
            return (await activation.IsActiveAsync(TestPlugins.TestPaySystemName, storeId), await activation.IsActiveAsync(TestPlugins.TestPaySystemName, 1));
        });

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(methods, "p.muted"), Does.Contain("Scoped"));
            Assert.That(scoped, Is.False);
            Assert.That(shared, Is.True);
        });
    }

    [Test]
    public async Task A_language_pack_uploaded_in_the_admin_is_imported_and_a_wrong_file_is_refused_next_to_the_field()
    {
        const string pack = """
            <Language Name="English"><LocaleResource Name="Catalog.Title"><Value>Our catalogue</Value></LocaleResource></Language>
            """;
        using var imported = await UploadPackAsync("en-US", System.Text.Encoding.UTF8.GetBytes(pack));
        var english = await ShopPage.GetAsync(_shop.CreateBrowser(), "/?culture=en-US");
        using var wrong = await UploadPackAsync("en-US", "<html></html>"u8.ToArray());
        var wrongPage = await ShopPage.ParseHtmlAsync(wrong);
        using (await UploadPackAsync("en-US", System.Text.Encoding.UTF8.GetBytes(pack.Replace("Our catalogue", "Catalogue", StringComparison.Ordinal))))
        {
        }

        Assert.Multiple(() =>
        {
            Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(ShopPage.Text(english, "h1"), Is.EqualTo("Our catalogue"));
            Assert.That(ShopPage.Text(wrongPage, "span[data-field=pack]"), Does.StartWith("Файл не является языковым пакетом."));
        });
    }

    [Test]
    public async Task A_note_for_the_customer_shows_on_the_buyers_page_and_an_empty_note_is_refused_and_both_pages_list_the_items()
    {
        var order = await TestOrders.CreatePendingAsync(_shop);
        var path = $"/Admin/Orders/Details/{order.Id}";

        using var empty = await ShopPage.SubmitAsync(_admin, await ShopPage.GetAsync(_admin, path), "form:has(#note)", new Dictionary<string, string> { ["note"] = "  " });
        var emptyPage = await ShopPage.ParseHtmlAsync(empty);
        using (await ShopPage.SubmitAsync(_admin, await ShopPage.GetAsync(_admin, path), "form:has(#note)",
                   new Dictionary<string, string> { ["note"] = "Отправим завтра", ["displayToCustomer"] = "true" }))
        {
        }
        using (await ShopPage.SubmitAsync(_admin, await ShopPage.GetAsync(_admin, path), "form:has(#note)",
                   new Dictionary<string, string> { ["note"] = "Внутреннее примечание" }))
        {
        }
        var buyerPage = await ShopPage.GetAsync(_shop.CreateBrowser(), $"/order/{order.OrderGuid}");
        var adminPage = await ShopPage.GetAsync(_admin, path);

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(emptyPage, "span[data-field=note]"), Does.StartWith("Введите текст примечания"));
            Assert.That(buyerPage.QuerySelectorAll("#order-notes .note").Select(n => n.LastChild!.TextContent), Is.EqualTo(new[] { "Отправим завтра" }));
            Assert.That(adminPage.QuerySelectorAll("#admin-notes .note"), Has.Length.EqualTo(2));
            // The order is read without its items (as in nopCommerce); both pages read them apart.
            Assert.That(buyerPage.QuerySelectorAll("#order-items tbody tr").Select(r => r.FirstElementChild!.TextContent),
                Is.EqualTo(order.Items.Select(i => i.ProductName)));
            Assert.That(adminPage.QuerySelectorAll("#admin-order-items tbody tr").Select(r => r.FirstElementChild!.TextContent),
                Is.EqualTo(order.Items.Select(i => i.ProductName)));
            Assert.That(order.Items, Is.Not.Empty);
        });
    }

    private Task<decimal> RateAsync(string code) =>
        _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Currencies.Where(c => c.CurrencyCode == code).Select(c => c.Rate).SingleAsync());

    private async Task<HttpResponseMessage> UploadPackAsync(string culture, byte[] xml)
    {
        var page = await ShopPage.GetAsync(_admin, "/Admin/Languages");
        var form = page.QuerySelector($"tr[data-culture='{culture}'] form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(ShopPage.GetAntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(form.QuerySelector("input[name=id]")!.GetAttribute("value")!), "id" },
        };
        var file = new ByteArrayContent(xml);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        content.Add(file, "pack", "pack.xml");
        return await _admin.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action")), content);
    }
}
