using System.Net;
using System.Net.Http.Headers;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>Plugins that cannot load are listed with the reason while the store keeps serving; plugins can be uploaded as .zip.</summary>
[Category(TestCategories.Database)]
public sealed class PluginLoadingTests
{
    [Test]
    public async Task Unsupported_and_broken_plugins_are_listed_with_the_reason_and_the_store_keeps_serving()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            SetUpPlugins = dir =>
            {
                TestPlugins.WriteUnsupportedVersion(dir);
                TestPlugins.WriteBrokenAssembly(dir);
                TestPlugins.WriteFolder(dir, TestPluginKind.TestPay);
            },
        });
        await shop.LoginAsAdminAsync();

        var page = await ShopPage.GetAsync(shop.Client, "/Admin/Plugins");
        var catalogue = await ShopPage.GetAsync(shop.Client, "/");

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(page, "tr[data-system-name='Payments.OldVersion'] .load-error"),
                Does.Contain("Not compatible with store version 4.90").And.Contain("the plugin supports: 1.0"));
            Assert.That(ShopPage.Text(page, "tr[data-system-name='Payments.Broken'] .load-error"), Does.Contain("could not be loaded"));
            Assert.That(page.QuerySelector("tr[data-system-name='Payments.Broken'] form"), Is.Null, "a broken plugin cannot be installed");
            Assert.That(page.QuerySelector($"tr[data-system-name='{TestPlugins.TestPaySystemName}'] .plugin-not-installed"), Is.Not.Null);
            Assert.That(catalogue.QuerySelectorAll("article.product-card"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task An_uploaded_zip_is_unpacked_loaded_and_installed_without_a_restart()
    {
        await using var shop = await ShopFactory.StartAsync();
        await shop.LoginAsAdminAsync();
        var route = TestPlugins.Route(TestPluginKind.UploadPay);

        using (var before = await shop.Client.GetAsync(new Uri($"/Admin/{route}/configure", UriKind.Relative)))
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var upload = await UploadAsync(shop, TestPlugins.Zip(TestPluginKind.UploadPay), "UploadPay.zip");
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var list = await ShopPage.FollowAsync(shop.Client, upload);
        Assert.That(ShopPage.Text(list, ".notice.success"), Does.Contain("Upload Pay"));

        await StoreDriver.InstallPluginAsync(shop.Client, TestPlugins.UploadPaySystemName);
        using var configure = await shop.Client.GetAsync(new Uri($"/Admin/{route}/configure", UriKind.Relative));
        using var buyer = shop.CreateBrowser();
        using var checkout = await StoreDriver.CheckoutAsync(buyer, TestPlugins.UploadPaySystemName);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(shop.PluginsDirectory, TestPlugins.UploadPaySystemName, "plugin.json")), Is.True);
            Assert.That(configure.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(checkout.Headers.Location!.AbsolutePath, Is.EqualTo($"/{route}/gateway"));
        });
    }

    [Test]
    public async Task An_uploaded_plugin_with_startup_hooks_asks_for_a_restart_before_it_can_be_installed()
    {
        await using var shop = await ShopFactory.StartAsync();
        await shop.LoginAsAdminAsync();

        using var upload = await UploadAsync(shop, TestPlugins.Zip(TestPluginKind.TestPay, inFolder: false), "TestPay.zip");
        var list = await ShopPage.FollowAsync(shop.Client, upload);
        var row = $"tr[data-system-name='{TestPlugins.TestPaySystemName}']";
        using var install = await ShopPage.SubmitAsync(shop.Client, list, $"{row} form[action*='Install']");
        var afterInstall = await ShopPage.FollowAsync(shop.Client, install);

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(list, ".notice.success"), Does.Contain("перезапустите магазин"));
            Assert.That(list.QuerySelector($"{row} .restart-required"), Is.Not.Null);
            Assert.That(ShopPage.Text(afterInstall, ".notice.error"), Does.StartWith("Плагин загружен, но ему нужен перезапуск"));
            Assert.That(afterInstall.QuerySelector($"{row} .plugin-not-installed"), Is.Not.Null);
            Assert.That(File.Exists(Path.Combine(shop.PluginsDirectory, TestPlugins.TestPaySystemName, "plugin.json")), Is.True,
                "a zip with plugin.json at its root goes into a folder named after the plugin");
        });
    }

    [Test]
    public async Task A_zip_with_a_path_outside_its_folder_is_refused_next_to_the_field()
    {
        await using var shop = await ShopFactory.StartAsync();
        await shop.LoginAsAdminAsync();
        var zip = ZipWith(("plugin.json", """{"SystemName":"Payments.Evil","FileName":"Evil.dll","SupportedVersions":["4.90"]}"""),
            ("../../evil.txt", "outside"));

        using var response = await UploadAsync(shop, zip, "evil.zip");
        var page = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, "span[data-field=archive]"), Does.StartWith("Архив содержит путь за пределами папки плагина."));
            Assert.That(File.Exists(Path.Combine(shop.PluginsDirectory, "..", "evil.txt")), Is.False);
            Assert.That(Directory.GetDirectories(shop.PluginsDirectory), Is.Empty, "nothing is left behind");
        });
    }

    [Test]
    public async Task A_file_that_is_not_a_zip_gets_a_message_next_to_the_field()
    {
        await using var shop = await ShopFactory.StartAsync();
        await shop.LoginAsAdminAsync();

        using var response = await UploadAsync(shop, "not a zip"u8.ToArray(), "plugin.zip");
        var page = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, "span[data-field=archive]"), Is.EqualTo("Файл не является ZIP-архивом."));
        });
    }

    private static async Task<HttpResponseMessage> UploadAsync(ShopFactory shop, byte[] zip, string fileName)
    {
        var page = await ShopPage.GetAsync(shop.Client, "/Admin/Plugins");
        var form = page.QuerySelector("form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(ShopPage.GetAntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        content.Add(file, "archive", fileName);
        return await shop.Client.PostAsync(new Uri(new Uri(page.Url), form.GetAttribute("action")), content);
    }

    private static byte[] ZipWith(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }
}
