using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Settings;
using Shop.Web.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// Demo mode as `dotnet run --project Host/Shop.Web` starts it (Development, Demo:Enabled=true): the plugin installed
/// and configured on first run against the sandbox mounted in the store at /sandbox/interkassa, so a purchase works
/// with no setup — with keys of its own database, and nothing of it reachable once the store is not in demo mode.
/// </summary>
[Category(TestCategories.Database)]
public sealed class DemoModeTests
{
    [Test]
    public async Task Buying_the_test_product_in_a_fresh_demo_store_ends_with_a_paid_order()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        await BuyAndPayAsync(shop);
    }

    [Test]
    public async Task Demo_keys_differ_between_two_fresh_databases_and_are_not_in_the_repository()
    {
        await using var first = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        await using var second = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        var (firstKeys, firstPlugin) = await KeysAsync(first);
        var (secondKeys, _) = await KeysAsync(second);
        var secrets = Values(firstKeys).Concat(Values(secondKeys)).ToList();
        var committed = RepositoryFiles()
            .SelectMany(file => secrets.Where(File.ReadAllText(file).Contains).Select(secret => Path.GetRelativePath(TestPaths.RepositoryRoot(), file)))
            .ToList();

        Assert.Multiple(() =>
        {
            foreach (var (one, other) in Values(firstKeys).Zip(Values(secondKeys)))
                Assert.That(one, Is.Not.EqualTo(other), "each database has its own ids and keys");
            Assert.That(secrets.Distinct().Count(), Is.EqualTo(12), "no value is reused within a database either");
            Assert.That(committed, Is.Empty, "no demo key or id is committed");
            Assert.That(firstPlugin, Is.EqualTo((firstKeys.CheckoutId, firstKeys.SecretKey, firstKeys.TestKey, firstKeys.ApiUserId, firstKeys.ApiKey, true)),
                "the plugin is configured with this database's keys, in test mode");
        });
    }

    [Test]
    public async Task A_restarted_demo_store_keeps_its_keys_and_its_sandbox_still_pays()
    {
        var root = Directory.CreateTempSubdirectory("shop-demo-restart-").FullName;
        try
        {
            var options = new ShopFactoryOptions
            {
                DemoMode = true,
                ConnectionString = $"Data Source={Path.Combine(root, "shop.db")}",
                PluginsDirectory = Path.Combine(root, "Plugins"),
                SetUpPlugins = InterkassaStore.CopyPlugin,
            };
            DemoKeys before;
            await using (var first = await ShopFactory.StartAsync(options))
                before = (await KeysAsync(first)).Keys;

            await using var second = await ShopFactory.StartAsync(options);
            var after = (await KeysAsync(second)).Keys;

            Assert.That(after, Is.EqualTo(before));
            await BuyAndPayAsync(second);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_demo_checkout_left_in_settings_after_reconfiguration_cannot_reach_the_sandbox_api_outside_demo()
    {
        var inStore = new InStoreSandboxPath();
        await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
        {
            Settings = Operate.NoBackgroundTasks,
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(inStore),
        });
        await store.Shop.ReconcileYoungOrdersAsync();
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);

        // The admin goes live with new keys but leaves the demo's in-store URLs: the page refuses them next to their fields.
        using var saved = await store.SaveConfigurationAsync(new Dictionary<string, string>
        {
            ["Input.SecretKey"] = "Live-Secret-Key-1",
            ["Input.TestMode"] = "false",
            ["Input.SciUrl"] = DemoSandbox.PathPrefix + "/",
            ["Input.ApiUrl"] = DemoSandbox.PathPrefix + "/v1/",
        });
        var page = await ShopPage.ParseHtmlAsync(saved);
        var stored = await store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());

        // Settings saved before that check keep the path: reconciliation still never calls into the store.
        IReadOnlyDictionary<int, global::Plugin.Payments.Interkassa.Operations.ReconciliationResult>? reconciled = null;
        await store.WithSettingsAsync(s => s.ApiUrl = DemoSandbox.PathPrefix + "/v1/", async () => reconciled = await store.Shop.ReconcileAsync());
        var order = await store.ReloadAsync(purchase.Order);

        const string Refusal = "Путь внутри магазина допустим только в демо-режиме: укажите полный адрес Интеркассы (https://…).";
        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), "not saved");
            Assert.That(ShopPage.Text(page, ".ik-error[data-field='SciUrl']"), Is.EqualTo(Refusal));
            Assert.That(ShopPage.Text(page, ".ik-error[data-field='ApiUrl']"), Is.EqualTo(Refusal));
            Assert.That(stored.ApiUrl, Does.StartWith(store.Sandbox.Root.ToString()), "the stored API URL is unchanged");
            Assert.That(inStore.Requests, Is.Zero, "nothing called the store's own /sandbox/interkassa");
            Assert.That(reconciled![order.StoreId].Errors, Is.EqualTo(1), "the round reports that it could not ask the API");
            Assert.That(order.PaymentStatus, Is.EqualTo(PaymentStatus.Pending));
        });
    }

    /// <summary>Checks out "Тестовый товар" in a demo store, pays on the mounted sandbox and expects a paid order.</summary>
    private static async Task BuyAndPayAsync(ShopFactory shop)
    {
        using var buyer = shop.CreateBrowser();

        using var handoff = await StoreDriver.CheckoutAsync(buyer, InterkassaDefaults.SystemName);
        Assert.That(handoff.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the hand-off form page");
        var form = (await ShopPage.ParseHtmlAsync(handoff)).QuerySelector<IHtmlFormElement>("form#payment-handoff")!;
        Assert.That(form.GetAttribute("action"), Is.EqualTo(new Uri(shop.BaseAddress, "/sandbox/interkassa/").ToString()));

        // The buyer's browser posts the form to the sandbox, sees the payment page and presses "Pay".
        using var paymentPage = await ShopPage.SubmitAsync(buyer, form);
        var payForm = (await ShopPage.ParseHtmlAsync(paymentPage)).QuerySelector<IHtmlFormElement>("form")!;
        using var back = await ShopPage.SubmitAsync(buyer, payForm, new Dictionary<string, string> { ["choice"] = "success" });
        Assert.That(back.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther));
        var returned = await ShopPage.FollowAsync(buyer, back);

        var guid = Guid.Parse(form.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "ik_x_orderguid").Value);
        var status = await shop.WithScopeAsync(async services =>
            (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Shop.Abstractions.Orders.IOrderService>(services).GetOrderByGuidAsync(guid))!.PaymentStatus);
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(returned, ".ik-return h1"), Is.EqualTo("Заказ оплачен"));
            Assert.That(status, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    private static Task<(DemoKeys Keys, (string, string, string, string, string, bool) Plugin)> KeysAsync(ShopFactory shop) =>
        shop.WithScopeAsync(async services =>
        {
            var keys = await services.GetRequiredService<DemoKeyStore>().LoadOrCreateAsync();
            var settings = await services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>();
            var protector = services.GetRequiredService<SecretProtector>();
            return (keys, (settings.CheckoutId, protector.Unprotect(settings.ProtectedSecretKey), protector.Unprotect(settings.ProtectedTestKey),
                settings.ApiUserId, protector.Unprotect(settings.ProtectedApiKey), settings.TestMode));
        });

    private static string[] Values(DemoKeys keys) => [keys.CheckoutId, keys.SecretKey, keys.TestKey, keys.ApiUserId, keys.ApiKey, keys.ApiAccountId];

    /// <summary>Every source and configuration file of the repository (not build output, not databases).</summary>
    private static IEnumerable<string> RepositoryFiles()
    {
        var root = TestPaths.RepositoryRoot();
        var storePlugins = Path.Combine(root, "Host", "Shop.Web", "Plugins");
        string[] skipped = ["bin", "obj", ".git", "App_Data", "artifacts", "TestResults", "node_modules"];
        string[] binary = [".png", ".jpg", ".gif", ".ico", ".zip", ".db", ".dll", ".pfx"];
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in directory.EnumerateDirectories().Where(d => !skipped.Contains(d.Name) && d.FullName != storePlugins))
                pending.Push(child);
            foreach (var file in directory.EnumerateFiles().Where(f => !binary.Contains(f.Extension, StringComparer.OrdinalIgnoreCase)))
                yield return file.FullName;
        }
    }

    /// <summary>
    /// Something the store serves under /sandbox/interkassa although demo mode is off (here: a counter answering 404),
    /// standing for whatever a path left in the settings could reach.
    /// </summary>
    private sealed class InStoreSandboxPath : IStartupFilter
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!context.Request.Path.StartsWithSegments(DemoSandbox.PathPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    await nextMiddleware(context);
                    return;
                }

                Interlocked.Increment(ref _requests);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            });
            next(app);
        };
    }
}
