using Plugin.Payments.Interkassa;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Interkassa.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Settings;
using Shop.Web.Data;
using Shop.Web.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The store starts on an empty database of either provider, creates its schema and seeds the demo store.</summary>
[Category(TestCategories.Database)]
public sealed class BootTests
{
    [Test]
    public async Task A_fresh_SQLite_file_is_migrated_seeded_and_healthy()
    {
        await using var shop = await ShopFactory.StartAsync();
        await AssertSeededAndHealthyAsync(shop);
    }

    [Test]
    public async Task A_fresh_PostgreSQL_database_is_migrated_seeded_and_healthy()
    {
        await using var shop = await ShopFactory.StartOnPostgresAsync();
        await AssertSeededAndHealthyAsync(shop);
    }

    [Test]
    public async Task The_catalogue_shows_the_test_product_at_50_roubles_in_Russian()
    {
        await using var shop = await ShopFactory.StartAsync();
        var page = await ShopPage.GetAsync(shop.Client, "/");

        var card = page.QuerySelectorAll("article.product-card").Single(c => ShopPage.Text(c, "h2") == "Тестовый товар");
        Assert.Multiple(() =>
        {
            Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
            Assert.That(ShopPage.Text(card, ".price"), Is.EqualTo("50,00 ₽"));
            Assert.That(ShopPage.Text(page, "h1"), Is.EqualTo("Каталог"));
        });
    }

    [Test]
    public async Task Health_is_503_when_the_database_cannot_be_reached()
    {
        await using var shop = await ShopFactory.StartOnPostgresAsync();
        var server = await PostgresServer.SharedAsync();
        await server.DropDatabaseAsync(shop.ConnectionString);

        using var response = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        });
    }

    [Test]
    public async Task The_notification_URL_answers_404_while_Interkassa_is_not_installed()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = InterkassaStore.CopyPlugin });
        using var post = await shop.Client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative),
            new FormUrlEncodedContent([new("ik_co_id", "any"), new("ik_pm_no", "1"), new("ik_inv_st", "success")]));
        using var get = await shop.Client.GetAsync(new Uri("/" + InterkassaDefaults.NotifyPath + "?ik_pm_no=1", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_fresh_store_in_Production_serves_no_sandbox()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { EnvironmentName = "Production", SetUpPlugins = InterkassaStore.CopyPlugin });
        var paths = new[] { "/sandbox/interkassa/", "/sandbox/interkassa/_sandbox/invoices", "/sandbox/interkassa/_sandbox/faults/api", "/sandbox/interkassa/v1/account" };
        var answers = new List<(string, HttpStatusCode)>();
        foreach (var path in paths)
        {
            using var response = await shop.Client.GetAsync(new Uri(path, UriKind.Relative));
            answers.Add((path, response.StatusCode));
        }
        using (var form = await shop.Client.PostAsync(new Uri("/sandbox/interkassa/", UriKind.Relative),
                   new FormUrlEncodedContent([new("ik_co_id", "any"), new("ik_pm_no", "1"), new("ik_am", "50.00")])))
        {
            answers.Add(("POST /sandbox/interkassa/", form.StatusCode));
        }
        var (installed, demoKeys) = await shop.WithScopeAsync(async services => (
            await services.GetRequiredService<ShopDbContext>().InstalledPlugins.CountAsync(),
            await services.GetRequiredService<ISettingService>().GetSettingByKeyAsync<string?>(DemoKeyStore.SettingKey)));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Where(a => a.Item2 != HttpStatusCode.NotFound), Is.Empty, "every sandbox address answers 404");
            Assert.That(shop.Services.GetRequiredService<DemoMode>().IsOn, Is.False);
            Assert.That(shop.Services.GetService<SandboxStore>(), Is.Null, "nothing of the sandbox is registered");
            Assert.That(installed, Is.Zero, "no plugin installed on first run");
            Assert.That(demoKeys, Is.Null, "no demo keys generated");
        });
    }

    [Test]
    public async Task Production_with_demo_enabled_refuses_to_start_and_says_why()
    {
        // The real program, as a server would run it: the committed appsettings.json, the environment from the outside.
        var temp = Directory.CreateTempSubdirectory("shop-refuse-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.StoreContentRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.BuiltProgram("Shop.Web"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(temp, "shop.db")}";
        start.Environment["Plugins__Directory"] = Path.Combine(temp, "Plugins");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The store started in Production with demo mode on. Output:\n" + await stdout);
            }

            var error = await stderr;
            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Not.Zero);
                Assert.That(error, Does.Contain("Demo mode is refused in the 'Production' environment"));
                Assert.That(error, Does.Contain("ASPNETCORE_ENVIRONMENT=Development"));
                Assert.That(error, Does.Contain("marks orders paid without any money"));
                Assert.That(error, Does.Not.Contain("   at "), "a message, not a stack trace");
                Assert.That(File.Exists(Path.Combine(temp, "shop.db")), Is.False, "refused before touching the database");
            });
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task AssertSeededAndHealthyAsync(ShopFactory shop)
    {
        using var health = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var seed = await shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            return new
            {
                Store = await db.Stores.Select(s => s.Name).SingleAsync(),
                Product = await db.Products.SingleAsync(p => p.Name == "Тестовый товар"),
                Currencies = await db.Currencies.OrderBy(c => c.DisplayOrder).Select(c => c.CurrencyCode).ToListAsync(),
                Languages = await db.Languages.OrderBy(l => l.DisplayOrder).Select(l => l.LanguageCulture).ToListAsync(),
                Countries = await db.Countries.CountAsync(),
                Resources = await db.LocaleStringResources.CountAsync(),
                Admin = await db.CustomerCredentials.CountAsync(),
            };
        });

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(seed.Store, Is.EqualTo("Демо-магазин"));
            Assert.That(seed.Product.Price, Is.EqualTo(50m));
            Assert.That(seed.Currencies, Is.EqualTo(new[] { "RUB", "USD", "EUR", "UAH" }));
            Assert.That(seed.Languages, Is.EqualTo(new[] { "ru-RU", "en-US", "uk-UA" }));
            Assert.That(seed.Countries, Is.GreaterThanOrEqualTo(12));
            Assert.That(seed.Resources, Is.GreaterThan(200));
            Assert.That(seed.Admin, Is.EqualTo(1));
        });
    }
}
