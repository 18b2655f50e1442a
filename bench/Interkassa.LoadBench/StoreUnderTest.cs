using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Plugins;
using Shop.Abstractions.Settings;
using Shop.Web.Data;
using Shop.Web.Infrastructure;
using Shop.Web.PluginSystem;

namespace Interkassa.LoadBench;

/// <summary>The checkout id and keys generated for one run; the test key signs test-payway notifications.</summary>
internal sealed record InterkassaCheckout(string CheckoutId, string SecretKey, string TestKey);

/// <summary>
/// The real store (Host/Shop.Web) in this process on Kestrel (loopback, free port), Production environment, demo
/// mode off, with the real Interkassa plugin from the store's plugins folder installed and configured through the
/// store's own services. Orders and their payment forms come from the store too: the form is what the plugin hands
/// the buyer (PostProcessPayment), so notifications built from it carry exactly what the store sent.
/// </summary>
internal sealed class StoreUnderTest : WebApplicationFactory<StoreEntryPoint>
{
    private const string SystemName = "Payments.Interkassa";
    private const string NotifyPath = "Plugins/PaymentInterkassa/Notify";

    private readonly string _connectionString;
    private readonly string _pluginsDirectory;

    public StoreUnderTest(string connectionString, string workDirectory)
    {
        _connectionString = connectionString;
        _pluginsDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "Plugins")).FullName;
        var storeProject = Path.Combine(RepositoryRoot(), "Host", "Shop.Web");
        CopyBuiltPlugin(Path.Combine(storeProject, "Plugins", "Payments.Interkassa"), Path.Combine(_pluginsDirectory, "Payments.Interkassa"));

        // The store's content root (views, wwwroot, appsettings.json); WebApplicationFactory reads it from this variable
        // before its other guesses, which look for the project next to the solution file, not under Host/.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SHOP_WEB", storeProject);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri NotifyAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(new Uri(address.TrimEnd('/') + "/"), NotifyPath);
        }
    }

    /// <summary>Installs the plugin and configures it with generated keys, setting every value the benchmark relies on.</summary>
    public async Task<InterkassaCheckout> SetUpInterkassaAsync()
    {
        var checkout = new InterkassaCheckout(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), RandomKey(), RandomKey());
        await using var scope = Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var installed = await services.GetRequiredService<PluginManager>().InstallAsync(SystemName);
        if (!installed.Success)
            throw new InvalidOperationException($"Installing {SystemName} failed: {installed.ErrorResource} {installed.Detail}");

        var protector = services.GetRequiredService<SecretProtector>();
        var settingService = services.GetRequiredService<ISettingService>();
        var settings = await settingService.LoadSettingAsync<InterkassaSettings>();
        settings.CheckoutId = checkout.CheckoutId;
        settings.ProtectedSecretKey = protector.Protect(checkout.SecretKey);
        settings.ProtectedTestKey = protector.Protect(checkout.TestKey);
        settings.Algorithm = SignatureAlgorithm.Md5;
        settings.TestMode = true;
        settings.SciUrl = "https://sci.interkassa.com/";
        settings.PaymentCurrency = "";
        settings.NotificationMethod = "post";
        settings.AllowedSourceAddresses = "";
        settings.ApiUserId = "";
        settings.ProtectedApiKey = "";
        settings.ApiAccountId = "";
        settings.ConfirmPaymentsWithApi = false;
        settings.MinOrderTotal = 0;
        settings.MaxOrderTotal = 0;
        settings.AllowedCurrencies = "";
        settings.AllowedCountries = "";
        settings.AllowedCustomerRoles = "";
        await settingService.SaveSettingAsync(settings);
        return checkout;
    }

    /// <summary>Creates pending orders of one product paid with Interkassa and returns each one's payment form fields.</summary>
    public async Task<List<IReadOnlyList<KeyValuePair<string, string>>>> CreateOrdersAsync(int count)
    {
        var ids = new List<int>(count);
        const int Batch = 200;
        for (var created = 0; created < count; created += Batch)
            ids.AddRange(await InsertOrdersAsync(Math.Min(Batch, count - created)));

        var forms = new IReadOnlyList<KeyValuePair<string, string>>[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            forms[i] = await PaymentFormAsync(ids[i]);
        });
        return [.. forms];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Shop", _connectionString);
        builder.UseSetting("Plugins:Directory", _pluginsDirectory);
        builder.UseSetting("Demo:Enabled", "false");
        // Sixteen clients on one loopback address would hit the per-address flood limit at once: lift it (the bench
        // measures the notification path, not the limiter).
        builder.UseSetting("Interkassa:NotifyRateLimit:Burst", "1000000");
        builder.UseSetting("Interkassa:NotifyRateLimit:PerSecond", "1000000");
        builder.UseSetting("Admin:Password", RandomKey() + "-Aa1");
        builder.UseSetting("Store:Url", "http://127.0.0.1/");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The store logs as it would in production (a warning per rejected notification), but to stderr, out of the report.
        builder.UseSetting("Logging:Console:LogToStandardErrorThreshold", "Trace");
        // The key ring is stored unencrypted in the throwaway database on purpose.
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
    }

    private async Task<List<int>> InsertOrdersAsync(int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var product = await db.Products.AsNoTracking().Where(p => p.Published && p.Price > 0).OrderBy(p => p.Id).FirstAsync();
        var store = await db.Stores.AsNoTracking().OrderBy(s => s.Id).FirstAsync();
        var language = await db.Languages.AsNoTracking().OrderBy(l => l.DisplayOrder).FirstAsync();
        var currency = await db.Currencies.AsNoTracking().Where(c => c.Rate == 1m).OrderBy(c => c.DisplayOrder).FirstAsync();
        var orders = Enumerable.Range(0, count).Select(_ => new Order
        {
            OrderGuid = Guid.NewGuid(),
            StoreId = store.Id,
            CustomerEmail = "buyer@example.com",
            CustomerName = "Load Bench",
            BillingCountryCode = "RU",
            CustomerLanguageId = language.Id,
            OrderSubtotal = product.Price,
            OrderTotal = product.Price,
            CustomerCurrencyCode = currency.CurrencyCode,
            CurrencyRate = 1m,
            PaymentMethodSystemName = SystemName,
            CreatedOnUtc = DateTime.UtcNow,
            Items = [new OrderItem { ProductId = product.Id, ProductName = product.Name, Quantity = 1, UnitPrice = product.Price }],
        }).ToList();
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
        foreach (var order in orders)
            order.CustomOrderNumber = order.Id.ToString(CultureInfo.InvariantCulture);
        await db.SaveChangesAsync();
        return [.. orders.Select(o => o.Id)];
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> PaymentFormAsync(int orderId)
    {
        await using var scope = Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var order = await services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == orderId);
        var method = await services.GetRequiredService<IPluginService>().GetPluginAsync<IPaymentMethod>(SystemName)
            ?? throw new InvalidOperationException($"{SystemName} is not installed.");
        var request = new PostProcessPaymentRequest { Order = order };
        await method.PostProcessPaymentAsync(request);
        return request.Handoff is { IsForm: true } handoff
            ? handoff.Fields
            : throw new InvalidOperationException($"The plugin handed over no payment form for order {orderId}.");
    }

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Plugin.Payments.Interkassa.sln")))
            root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException($"No Plugin.Payments.Interkassa.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The plugin as its build leaves it in the store (Host/Shop.Web/Plugins/Payments.Interkassa), as an admin would deploy it.</summary>
    private static void CopyBuiltPlugin(string source, string target)
    {
        if (!File.Exists(Path.Combine(source, "Plugin.Payments.Interkassa.dll")))
            throw new InvalidOperationException($"The plugin is not built into {source}: build the solution first.");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
