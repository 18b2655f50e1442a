using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>How a <see cref="ShopFactory"/> store is set up. Everything has a test-friendly default.</summary>
public sealed record ShopFactoryOptions
{
    /// <summary><c>ConnectionStrings:Shop</c>; null gives a fresh SQLite file in the factory's temp folder.</summary>
    public string? ConnectionString { get; init; }

    /// <summary><c>Plugins:Directory</c>; null gives an empty folder in the factory's temp folder.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>Fills the plugins folder before the store starts, e.g. <c>dir =&gt; TestPlugins.WriteFolder(dir)</c>.</summary>
    public Action<string>? SetUpPlugins { get; init; }

    /// <summary>
    /// Demo mode as <c>dotnet run</c> gets it: <c>Demo:Enabled=true</c> in the Development environment (the sandbox mounted,
    /// the plugin installed on first run). Off by default: then <c>Demo:Enabled</c> is left to the store's own default.
    /// </summary>
    public bool DemoMode { get; init; }

    /// <summary>The hosting environment; null gives Development in demo mode, otherwise "Testing" (a deployed store's behaviour).</summary>
    public string? EnvironmentName { get; init; }

    /// <summary><c>Admin:Password</c> used by the first-run seed; <see cref="ShopFactory.LoginAsAdminAsync"/> signs in with it.</summary>
    public string AdminPassword { get; init; } = ShopFactory.DefaultAdminPassword;

    /// <summary>Any other configuration, e.g. <c>["Store:Url"] = "https://shop.example/"</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Extra service registrations (e.g. a counting <c>IConsumer&lt;OrderPaidEvent&gt;</c> singleton).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Autofac registrations applied after the store's and the plugins' (so they replace them), e.g. a platform service double.</summary>
    public Action<Autofac.ContainerBuilder>? ConfigureContainer { get; init; }

    /// <summary>Minimum log level of the store; warnings by default to keep test output readable.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>
/// The reference store (Host/Shop.Web) booted in the test process on Kestrel, on a free loopback port, so tests,
/// a browser and the sandbox reach it over real HTTP. Each factory has its own temp folder (SQLite file, plugins)
/// that is deleted on dispose. Configuration reaches the store through host settings before it is built.
/// </summary>
/// <example>
/// <code>
/// await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
/// {
///     SetUpPlugins = plugins => TestPlugins.WriteFolder(plugins, TestPluginKind.TestPay),
///     ConfigureServices = services => services.AddSingleton&lt;IConsumer&lt;OrderPaidEvent&gt;&gt;(paidCounter),
/// });
/// using var admin = shop.CreateBrowser();
/// await shop.LoginAsAdminAsync(admin);
/// await StoreDriver.InstallPluginAsync(admin, TestPlugins.TestPaySystemName);
/// var page = await ShopPage.GetAsync(admin, "/Admin/PaymentMethods");          // AngleSharp document
/// using var buyer = shop.CreateBrowser();
/// using var handoff = await StoreDriver.CheckoutAsync(buyer, TestPlugins.TestPaySystemName); // 302 to the gateway
/// var orders = await shop.WithScopeAsync(sp =&gt; sp.GetRequiredService&lt;ShopDbContext&gt;().Orders.CountAsync());
/// </code>
/// </example>
public sealed class ShopFactory : WebApplicationFactory<Shop.Web.Infrastructure.StoreEntryPoint>
{
    public const string AdminEmail = "admin@shop.local";

    public const string DefaultAdminPassword = "Test-Admin-Password-2026";

    private readonly string _tempRoot;
    private HttpClient? _client;

    public ShopFactory(ShopFactoryOptions? options = null)
    {
        Options = options ?? new ShopFactoryOptions();
        _tempRoot = Path.Combine(Path.GetTempPath(), "shop-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_tempRoot);
        PluginsDirectory = Options.PluginsDirectory ?? Directory.CreateDirectory(Path.Combine(_tempRoot, "Plugins")).FullName;
        ConnectionString = Options.ConnectionString ?? $"Data Source={Path.Combine(_tempRoot, "shop.db")}";
        Options.SetUpPlugins?.Invoke(PluginsDirectory);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public ShopFactoryOptions Options { get; }

    public string ConnectionString { get; }

    public string PluginsDirectory { get; }

    /// <summary>A folder of this factory's own, deleted on dispose.</summary>
    public string TempDirectory => _tempRoot;

    /// <summary>The store's address, e.g. http://127.0.0.1:41234/ (the server is started on first use).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>A browser-like client of this factory with its own cookies, not following redirects.</summary>
    public HttpClient Client => _client ??= CreateBrowser();

    /// <summary>Boots a store (on a fresh SQLite file unless the options name a database) and waits until it serves.</summary>
    public static async Task<ShopFactory> StartAsync(ShopFactoryOptions? options = null)
    {
        var factory = new ShopFactory(options);
        try
        {
            await Task.Run(factory.StartServer);
            return factory;
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>Boots a store on a fresh database of the shared PostgreSQL cluster.</summary>
    public static async Task<ShopFactory> StartOnPostgresAsync(ShopFactoryOptions? options = null)
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        return await StartAsync((options ?? new ShopFactoryOptions()) with { ConnectionString = connectionString });
    }

    /// <summary>A new client with its own cookie jar (a separate "browser"); redirects are followed only when asked.</summary>
    public HttpClient CreateBrowser(bool followRedirects = false) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = followRedirects })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>Signs the client in as the seeded administrator through the login form.</summary>
    public Task LoginAsAdminAsync(HttpClient? client = null) => LoginAsync(client ?? Client, AdminEmail, Options.AdminPassword);

    /// <summary>Signs a client in through the login form; throws when the store does not accept the credentials.</summary>
    public static async Task LoginAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await ShopPage.GetAsync(client, "/login");
        using var response = await ShopPage.SubmitAsync(client, page, "form", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Login as {email} failed: {(int)response.StatusCode}.");
    }

    /// <summary>GETs a page with <see cref="Client"/> (or <paramref name="client"/>) and returns its antiforgery token.</summary>
    public Task<string> GetAntiforgeryTokenAsync(string path, HttpClient? client = null) =>
        ShopPage.GetAntiforgeryTokenAsync(client ?? Client, path);

    /// <summary>GETs a page, fills the form matching <paramref name="formSelector"/> and submits it (token included).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formSelector, IReadOnlyDictionary<string, string>? values = null,
        HttpClient? client = null)
    {
        var browser = client ?? Client;
        return await ShopPage.SubmitAsync(browser, await ShopPage.GetAsync(browser, path), formSelector, values);
    }

    /// <summary>Parses a response's HTML with AngleSharp (see <see cref="ShopPage"/> for more).</summary>
    public static Task<AngleSharp.Html.Dom.IHtmlDocument> ParseHtmlAsync(HttpResponseMessage response) => ShopPage.ParseHtmlAsync(response);

    /// <summary>Runs code with services from a new scope of the store's container (as a request would see them).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Autofac registrations of the test run after the store's own ConfigureContainer, so they win.</summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Options.ConfigureContainer is { } configure)
            builder.ConfigureContainer<Autofac.ContainerBuilder>((_, container) => configure(container));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Not Development unless in demo mode (which the store allows only there): the production error pages, as a deployed store.
        builder.UseEnvironment(Options.EnvironmentName ?? (Options.DemoMode ? "Development" : "Testing"));
        builder.UseSetting("ConnectionStrings:Shop", ConnectionString);
        builder.UseSetting("Plugins:Directory", PluginsDirectory);
        if (Options.DemoMode)
        {
            builder.UseSetting("Demo:Enabled", "true");
            // Compiled views, as in every other test: runtime compilation is a developer's convenience and slow to start.
            builder.UseSetting("Razor:RuntimeCompilation", "false");
        }
        builder.UseSetting("Admin:Password", Options.AdminPassword);
        foreach (var (key, value) in Options.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Logging:LogLevel:Default", Options.LogLevel.ToString());
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", Options.LogLevel.ToString());
        // Keys are stored unencrypted in the test database on purpose; the warning about it would repeat for every store.
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        if (Options.ConfigureServices is { } configure)
            builder.ConfigureServices(configure);

    }

    public override async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_tempRoot))
                Directory.Delete(_tempRoot, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS's temp cleanup; it never affects another test.
        }
        GC.SuppressFinalize(this);
    }
}
