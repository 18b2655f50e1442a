using System.Net;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>A plugin's compiled Razor Page under /Admin: the store's admin layout and policy, 404 until installed, and live after an upload.</summary>
[Category(TestCategories.Database)]
public sealed class PluginRazorPageTests
{
    [Test]
    public async Task A_plugin_admin_page_uses_the_admin_layout_and_policy_and_answers_404_until_installed()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay) });
        using var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);

        using var beforeInstall = await admin.GetAsync(new Uri("/Admin/testpay/Settings", UriKind.Relative));
        await StoreDriver.InstallPluginAsync(admin, TestPlugins.TestPaySystemName);
        var page = await ShopPage.GetAsync(admin, "/Admin/testpay/Settings");
        using var anonymous = await shop.CreateBrowser().GetAsync(new Uri("/Admin/testpay/Settings", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(beforeInstall.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ShopPage.Text(page, "#plugin-razor-page"), Is.EqualTo("5"));
            Assert.That(ShopPage.Text(page, "main h1"), Is.EqualTo("Settings page of testpay"), "the admin layout renders the title");
            Assert.That(page.QuerySelector("nav.sidebar"), Is.Not.Null);
            Assert.That(page.QuerySelectorAll("script").Select(s => s.GetAttribute("src")), Has.Some.EqualTo("/js/handoff.js"), "the Scripts section");
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    [Test]
    public async Task The_page_of_a_plugin_uploaded_while_the_store_runs_works_without_a_restart()
    {
        await using var shop = await ShopFactory.StartAsync();
        await shop.LoginAsAdminAsync();
        var list = await ShopPage.GetAsync(shop.Client, "/Admin/Plugins");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(ShopPage.GetAntiforgeryToken(list)), "__RequestVerificationToken" },
            { new ByteArrayContent(TestPlugins.Zip(TestPluginKind.UploadPay)), "archive", "UploadPay.zip" },
        };
        using (var upload = await shop.Client.PostAsync(new Uri("/Admin/Plugins?handler=Upload", UriKind.Relative), content))
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await StoreDriver.InstallPluginAsync(shop.Client, TestPlugins.UploadPaySystemName);

        var page = await ShopPage.GetAsync(shop.Client, "/Admin/uploadpay/Settings");
        var view = await ShopPage.GetAsync(shop.Client, "/uploadpay/view");

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(page, "#plugin-razor-page"), Is.EqualTo("5"));
            Assert.That(page.QuerySelector("nav.sidebar"), Is.Not.Null);
            Assert.That(ShopPage.Text(view, "#plugin-view"), Is.EqualTo("Hello from Upload Pay"), "views of a plugin loaded later are found");
        });
    }
}
