using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>A buyer's trip through Interkassa: the order, the signed form the store handed over, and where it ended.</summary>
public sealed record Purchase(Order Order, IReadOnlyList<KeyValuePair<string, string>> FormFields, string FormAction)
{
    public string PaymentNo => FormFields.First(f => f.Key == "ik_pm_no").Value;

    public string Amount => FormFields.First(f => f.Key == "ik_am").Value;

    public string Currency => FormFields.First(f => f.Key == "ik_cur").Value;
}

/// <summary>
/// The real store (Kestrel, loopback) with the real Interkassa plugin from its build output, installed and
/// configured through the admin pages against a real sandbox (its own Kestrel host). One per test fixture.
/// </summary>
internal sealed class InterkassaStore : IAsyncDisposable
{
    public const string SystemName = InterkassaDefaults.SystemName;

    private InterkassaStore(SandboxTestHost sandbox, ShopFactory shop, HttpClient admin)
    {
        Sandbox = sandbox;
        Shop = shop;
        Admin = admin;
    }

    public SandboxTestHost Sandbox { get; }

    public ShopFactory Shop { get; }

    /// <summary>Signed in as the store's administrator.</summary>
    public HttpClient Admin { get; }

    /// <summary>The store's plugin folder that the plugin's build fills (Host/Shop.Web/Plugins/Payments.Interkassa, Package.targets).</summary>
    public static string BuiltPluginFolder =>
        Path.Combine(TestPaths.RepositoryRoot(), "Host", "Shop.Web", "Plugins", "Payments.Interkassa");

    /// <summary>Copies the built plugin into a store's plugins folder.</summary>
    public static void CopyPlugin(string pluginsDirectory)
    {
        var source = BuiltPluginFolder;
        if (!File.Exists(Path.Combine(source, "Plugin.Payments.Interkassa.dll")))
            throw new InvalidOperationException($"The plugin is not built into {source}: run 'dotnet build' first.");
        var target = Path.Combine(pluginsDirectory, "Payments.Interkassa");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    /// <summary>
    /// A second store process on this store's database, with the same plugin folder (installed and configured already,
    /// by this one) — for the tests that two processes do something once.
    /// </summary>
    public Task<ShopFactory> StartSecondProcessAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null) =>
        ShopFactory.StartAsync(new ShopFactoryOptions
        {
            ConnectionString = Shop.ConnectionString,
            SetUpPlugins = CopyPlugin,
            Settings = settings,
            ConfigureServices = configureServices,
        });

    /// <param name="sandboxSettings">Overrides of the sandbox's settings, e.g. <c>["Delivery:MaxAttempts"] = "1"</c>.</param>
    public static async Task<InterkassaStore> StartAsync(bool postgres, ShopFactoryOptions? options = null, bool configure = true,
        IDictionary<string, string?>? sandboxSettings = null)
    {
        var sandbox = await SandboxTestHost.StartAsync(overrides: sandboxSettings);
        var shopOptions = (options ?? new ShopFactoryOptions()) with { SetUpPlugins = CopyPlugin };
        // The tests send hundreds of notifications from one loopback address; the flood limit has its own test.
        var settings = new Dictionary<string, string?>(shopOptions.Settings);
        settings.TryAdd(InterkassaDefaults.NotifyBurstSetting, "100000");
        settings.TryAdd(InterkassaDefaults.NotifyPerSecondSetting, "100000");
        shopOptions = shopOptions with { Settings = settings };
        var shop = postgres ? await ShopFactory.StartOnPostgresAsync(shopOptions) : await ShopFactory.StartAsync(shopOptions);
        var admin = shop.CreateBrowser();
        await shop.LoginAsAdminAsync(admin);
        await StoreDriver.InstallPluginAsync(admin, SystemName);
        var store = new InterkassaStore(sandbox, shop, admin);
        if (configure)
        {
            using var saved = await store.SaveConfigurationAsync(store.SandboxConfiguration());
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "configuration saved");
        }

        return store;
    }

    /// <summary>The configure form's values that connect the plugin to this fixture's sandbox (test mode).</summary>
    public Dictionary<string, string> SandboxConfiguration() => new()
    {
        ["Input.CheckoutId"] = TestCheckouts.Md5Id,
        ["Input.SecretKey"] = TestCheckouts.Md5Secret,
        ["Input.TestKey"] = TestCheckouts.Md5Test,
        ["Input.Algorithm"] = "Md5",
        ["Input.TestMode"] = "true",
        ["Input.SciUrl"] = new Uri(Sandbox.Root, "/").ToString(),
        ["Input.ApiUrl"] = new Uri(Sandbox.Root, "/v1/").ToString(),
        ["Input.ApiUserId"] = TestCheckouts.UserId,
        ["Input.ApiKey"] = TestCheckouts.ApiKey,
        ["Input.ApiAccountId"] = TestCheckouts.AccountId,
    };

    /// <summary>Posts the configure page's form with <paramref name="values"/> over its current fields.</summary>
    public async Task<HttpResponseMessage> SaveConfigurationAsync(IReadOnlyDictionary<string, string> values)
    {
        var page = await ShopPage.GetAsync(Admin, InterkassaDefaults.ConfigurePath);
        return await ShopPage.SubmitAsync(Admin, page, "form.ik-form", values);
    }

    /// <summary>Checks out "Тестовый товар" with Interkassa and returns the signed form the store hands over.</summary>
    public async Task<Purchase> CheckoutAsync(HttpClient buyer, string product = StoreDriver.TestProduct)
    {
        using var handoff = await StoreDriver.CheckoutAsync(buyer, SystemName, product);
        Assert.That(handoff.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the store answers the hand-off form page");
        var page = await ShopPage.ParseHtmlAsync(handoff);
        return await PurchaseFromHandoffAsync(page);
    }

    /// <summary>Reads the auto-submitting form of a hand-off page.</summary>
    public async Task<Purchase> PurchaseFromHandoffAsync(IHtmlDocument page)
    {
        var form = page.QuerySelector<IHtmlFormElement>("form#payment-handoff")
            ?? throw new InvalidOperationException("The hand-off page has no form.");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        var paymentNo = fields.First(f => f.Key == "ik_pm_no").Value;
        var order = await OrderByPaymentNoAsync(paymentNo);
        return new Purchase(order, fields, form.GetAttribute("action") ?? "");
    }

    /// <summary>The buyer pays (or fails, or leaves pending) on the sandbox; returns the page the shop shows on return.</summary>
    public async Task<IHtmlDocument> PayAsync(HttpClient buyer, Purchase purchase, string choice = "success", params (string Name, string Value)[] faults)
    {
        var action = await Sandbox.StartPaymentAsync(purchase.FormFields);
        using var back = await Sandbox.ChooseAsync(action, choice, faults);
        Assert.That(back.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther, HttpStatusCode.Found), "the sandbox sends the buyer back");
        using var page = await buyer.GetAsync(back.Headers.Location);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the return page");
        return await ShopPage.ParseHtmlAsync(page);
    }

    /// <summary>
    /// The buyer pays on the sandbox and no notification is sent (the form names no interaction URL): Interkassa
    /// really has a paid invoice for the purchase, whose id is returned, so the API confirms a notification naming it.
    /// </summary>
    public async Task<string> PaidInvoiceAsync(Purchase purchase)
    {
        var fields = purchase.FormFields.Where(f => f.Key is not (InterkassaProtocol.SignField or "ik_ia_u" or "ik_ia_m")).ToList();
        fields.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(fields, TestCheckouts.Md5Secret, SignatureAlgorithm.Md5)));
        return await Sandbox.PayAsync(fields);
    }

    /// <summary>A second payment attempt for the purchase's order ("pay again"), as a new purchase with its own payment number.</summary>
    public async Task<Purchase> PayAgainAsync(Purchase purchase)
    {
        var form = await Shop.WithScopeAsync(async services =>
        {
            var order = (await services.GetRequiredService<Shop.Abstractions.Orders.IOrderService>().GetOrderByIdAsync(purchase.Order.Id))!;
            var (created, error) = await services.GetRequiredService<Plugin.Payments.Interkassa.Payments.PaymentFormService>().CreateAsync(order);
            return created ?? throw new InvalidOperationException(error);
        });
        return purchase with { FormFields = form.Fields };
    }

    public Task<Order> OrderByPaymentNoAsync(string paymentNo) => Shop.WithScopeAsync(async services =>
    {
        var request = await services.GetRequiredService<InterkassaDbContext>().PaymentRequests.AsNoTracking().SingleAsync(r => r.PaymentNo == paymentNo);
        return await services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking().SingleAsync(o => o.Id == request.OrderId);
    });

    public Task<Order> ReloadAsync(Order order) => TestOrders.ReloadAsync(Shop, order.Id);

    public Task<List<OrderNote>> NotesAsync(Order order) => Shop.WithScopeAsync(services =>
        services.GetRequiredService<ShopDbContext>().OrderNotes.AsNoTracking().Where(n => n.OrderId == order.Id).OrderBy(n => n.Id).ToListAsync());

    public Task<List<NotificationRecord>> JournalAsync(string paymentNo) => Shop.WithScopeAsync(services =>
        services.GetRequiredService<InterkassaDbContext>().Notifications.AsNoTracking().Where(n => n.PaymentNo == paymentNo).OrderBy(n => n.Id).ToListAsync());

    /// <summary>A notification for a purchase as Interkassa would sign it (test payway and test key unless told otherwise).</summary>
    public static List<KeyValuePair<string, string>> Notification(Purchase purchase, string state = "success", string? amount = null,
        string? currency = null, string checkoutId = TestCheckouts.Md5Id, string payway = InterkassaProtocol.TestPayway,
        string? invoiceId = null, string? paymentNo = null)
    {
        return
        [
            new("ik_co_id", checkoutId),
            new("ik_co_prs_id", "409262183014"),
            new("ik_inv_id", invoiceId ?? "3" + purchase.Order.Id.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)),
            new("ik_inv_st", state),
            new("ik_inv_crt", "2026-11-28 10:00:00"),
            new("ik_inv_prc", "2026-11-28 10:00:05"),
            new("ik_trn_id", ""),
            new("ik_pm_no", paymentNo ?? purchase.PaymentNo),
            new("ik_pw_via", payway),
            new("ik_am", amount ?? purchase.Amount),
            new("ik_co_rfn", "48.5000"),
            new("ik_ps_price", amount ?? purchase.Amount),
            new("ik_cur", currency ?? purchase.Currency),
            new("ik_desc", "Оплата заказа №" + purchase.Order.CustomOrderNumber),
            new("ik_x_orderguid", purchase.Order.OrderGuid.ToString("D")),
        ];
    }

    /// <summary>Adds ik_sign made with <paramref name="key"/> (the test key by default).</summary>
    public static List<KeyValuePair<string, string>> Signed(List<KeyValuePair<string, string>> fields, string key = TestCheckouts.Md5Test)
    {
        fields.Add(new(InterkassaProtocol.SignField, IkSignature.Compute(fields, key, SignatureAlgorithm.Md5)));
        return fields;
    }

    /// <summary>
    /// Posts a notification while the journal table is gone (renamed away and back): nothing can be stored, as when the
    /// database refuses writes to the plugin's tables under a running store.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> NotifyWithoutJournalAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        await RenameJournalAsync(InterkassaDbContext.NotificationTable, InterkassaDbContext.NotificationTable + "_away");
        try
        {
            return await NotifyAsync(fields);
        }
        finally
        {
            await RenameJournalAsync(InterkassaDbContext.NotificationTable + "_away", InterkassaDbContext.NotificationTable);
        }
    }

    private Task RenameJournalAsync(string from, string to)
    {
        // Table names are the plugin's own constants, never input.
        var sql = "ALTER TABLE \"" + from + "\" RENAME TO \"" + to + "\"";
        return Shop.WithScopeAsync(services => services.GetRequiredService<InterkassaDbContext>().Database.ExecuteSqlRawAsync(sql));
    }

    /// <summary>Posts a notification to the store as Interkassa does; returns status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> NotifyAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var client = new HttpClient { BaseAddress = Shop.BaseAddress };
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Shop.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
