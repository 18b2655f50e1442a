using System.Net;
using Autofac;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Shop.Abstractions.Catalog;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Data;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Events;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Plugins;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Abstractions.Tasks;
using Shop.Abstractions.Web;
using Shop.Web.Data;
using Shop.Web.PluginSystem;
using Shop.Web.Services.Catalog;
using Shop.Web.Services.Customers;
using Shop.Web.Services.Directory;
using Shop.Web.Services.Events;
using Shop.Web.Services.Localization;
using Shop.Web.Services.Orders;
using Shop.Web.Services.Payments;
using Shop.Web.Services.Settings;
using Shop.Web.Services.Stores;
using Shop.Web.Services.Tasks;
using Shop.Web.Web;

namespace Shop.Web.Infrastructure;

/// <summary>Every registration of the store, in one place: framework services first, then the store's own services in Autofac.</summary>
public static class ShopRegistration
{
    /// <summary>Framework services (MVC, authentication, EF Core, Data Protection, health checks) and the plugins' ConfigureServices.</summary>
    public static void AddShopFramework(this WebApplicationBuilder builder, StoreDatabase database, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        // --- Database: one provider chosen by ConnectionStrings:Shop; each provider's context carries its own migrations.
        // The store's context also gets every IInterceptor registered here (the cache stamp; tests add counters).
        void ConfigureShopContext(IServiceProvider provider, Microsoft.EntityFrameworkCore.DbContextOptionsBuilder options)
        {
            database.Configure(options);
            options.AddInterceptors(provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        }
        // Pooled: a request reuses a context instead of building one (its options and EF's services for it) — that cost
        // more than the context's own query. Plugin contexts enlisted in a store transaction get their own connection
        // back when it ends (StoreTransaction), so no pooled context keeps another's connection.
        if (database.Provider == DatabaseProvider.Sqlite)
            services.AddDbContextPool<ShopDbContext, SqliteShopDbContext>(ConfigureShopContext);
        else
            services.AddDbContextPool<ShopDbContext, PostgresShopDbContext>(ConfigureShopContext);

        // --- Caches: rarely changing rows in memory, dropped in every process when any process writes them (see ShopCache).
        services.AddMemoryCache();
        services.AddSingleton<ShopCache>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, CacheStampInterceptor>();

        // --- Data Protection: keys in the database and a fixed application name, so every store process reads every secret.
        var protection = services.AddDataProtection().SetApplicationName("Shop").PersistKeysToDbContext<ShopDbContext>();
        // With a certificate configured, the key ring itself is encrypted, so reading the database alone no longer
        // reveals the keys that protect stored secrets (every store process needs the same certificate).
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, configuration["DataProtection:CertificatePassword"]);
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        // --- Proxies: the client address and scheme come from the standard forwarded-headers options (configuration "ForwardedHeaders").
        services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, configuration.GetSection("ForwardedHeaders")));

        // --- Sign-in: a cookie; /Admin needs the Administrators role.
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = ShopCookies.Auth;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A signed-in customer who is not an admin gets a 403 page rather than a redirect loop to the login page.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(ShopWebDefaults.AdminPolicy, policy =>
            policy.RequireAuthenticatedUser().RequireRole(CustomerRoleNames.Administrators));

        // --- MVC: Razor Pages and controllers (created by the default activator, so plugins loaded at run time work), global antiforgery.
        var mvc = services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Filters.Add<ShopUiFilter>();
            })
            .ConfigureApplicationPartManager(parts =>
            {
                foreach (var entry in catalog.Entries.Where(e => e.IsLoaded))
                    PluginApplicationParts.Add(parts, entry.Assembly!);
            });
        // Everything under /Admin (the store's pages and plugins' pages placed there) needs the admin policy.
        services.AddRazorPages(options => options.Conventions.AuthorizeFolder("/Admin", ShopWebDefaults.AdminPolicy));
        // Cyrillic (and every other script) is written as text, not as &#x...; entities: the HTML stays readable and small.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        if (builder.Environment.IsDevelopment() && configuration.GetValue("Razor:RuntimeCompilation", true))
        {
            // Edits to .cshtml files in plugin folders are picked up while developing; compiled views work without it.
            mvc.AddRazorRuntimeCompilation();
        }
        services.AddSingleton<PluginActionDescriptorChangeProvider>();
        services.AddSingleton<IActionDescriptorChangeProvider>(sp => sp.GetRequiredService<PluginActionDescriptorChangeProvider>());
        DecorateViewCompiler(services);

        // --- Rate limiting: the middleware is in the pipeline; plugins add named policies in ConfigureServices
        // (services.Configure<RateLimiterOptions>(o => o.AddFixedWindowLimiter("name", ...))) and put them on their endpoints.
        services.AddRateLimiter(options => options.RejectionStatusCode = StatusCodes.Status429TooManyRequests);

        // --- Health: the database; plugins add their own checks in ConfigureServices.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // --- Background work and time.
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<ScheduleTaskRunner>();
        services.AddSingleton<PaidEventLedger>();
        services.AddHostedService(sp => sp.GetRequiredService<PaidEventLedger>());
        services.AddSingleton<OverduePaidEventRedelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<OverduePaidEventRedelivery>());

        // --- Demo mode (Development only, refused elsewhere): the Interkassa sandbox in-process.
        DemoSandbox.AddServices(builder);

        // --- Plugins' own framework services.
        foreach (var startup in catalog.Startups)
            startup.ConfigureServices(services, configuration);
    }

    /// <summary>The store's services with explicit lifetimes, then every loaded plugin's type and ConfigureContainer.</summary>
    public static void AddShopServices(this ContainerBuilder container, StoreDatabase database, PluginCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(catalog);

        // --- Database handle for plugins, and the plugin catalog (one per host).
        container.RegisterInstance(catalog).SingleInstance();
        container.RegisterInstance(database).As<IStoreDatabase>().AsSelf().SingleInstance();
        container.RegisterType<SqliteWriteGate>().SingleInstance();
        container.RegisterType<StoreTransactions>().As<IStoreTransactions>().AsSelf().InstancePerLifetimeScope();

        // --- Per request: stores, work context, settings, localization (they cache only for the request).
        container.RegisterType<StoreService>().As<IStoreService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<StoreContext>().As<IStoreContext>().InstancePerLifetimeScope();
        container.RegisterType<WorkContext>().As<IWorkContext>().InstancePerLifetimeScope();
        container.RegisterType<WebHelper>().As<IWebHelper>().InstancePerLifetimeScope();
        container.RegisterType<SettingService>().As<ISettingService>().InstancePerLifetimeScope();
        container.RegisterType<LocalizationService>().As<ILocalizationService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<LanguageService>().As<ILanguageService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<ShopUi>().AsSelf().InstancePerLifetimeScope();

        // --- Directory and customers.
        container.RegisterType<CurrencyService>().As<ICurrencyService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<CountryService>().As<ICountryService>().InstancePerLifetimeScope();
        container.RegisterType<CustomerService>().As<ICustomerService>().InstancePerLifetimeScope();
        container.RegisterType<CustomerAccountService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<ShoppingCartService>().As<IShoppingCartService>().AsSelf().InstancePerLifetimeScope();

        // --- Plugins and payments.
        container.RegisterType<PluginManager>().As<IPluginService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<PluginUploadService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<PaymentMethodActivation>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<PaymentService>().As<IPaymentService>().InstancePerLifetimeScope();
        container.RegisterType<PaymentHandoffRunner>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<CheckoutFlow>().AsSelf().InstancePerLifetimeScope();

        // --- Orders and events.
        container.RegisterType<OrderQueries>().SingleInstance();
        container.RegisterType<OrderService>().As<IOrderService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<OrderProcessingService>().As<IOrderProcessingService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<OrderPaidEventDelivery>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<OrderPlacementService>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<OrderPlacementApi>().As<IOrderPlacementService>().InstancePerLifetimeScope();
        container.RegisterType<ProductService>().As<IProductService>().InstancePerLifetimeScope();
        container.RegisterType<EventPublisher>().As<IEventPublisher>().InstancePerLifetimeScope();

        // --- Scheduled tasks and start-up.
        container.RegisterType<ScheduleTaskService>().As<IScheduleTaskService>().InstancePerLifetimeScope();
        container.RegisterType<ScheduleTaskExecutor>().AsSelf().SingleInstance();
        container.RegisterType<ScheduleTaskSignal>().AsSelf().SingleInstance();
        container.RegisterType<StoreInitializer>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<DemoDataSeeder>().AsSelf().InstancePerLifetimeScope();
        container.RegisterType<StoreLanguagePacks>().AsSelf().InstancePerLifetimeScope();

        // --- Plugins: their entry types (one instance per request), then their own registrations (which may override the store's).
        foreach (var entry in catalog.Entries.Where(e => e.IsLoaded))
            container.RegisterType(entry.Descriptor.PluginType!).AsSelf().InstancePerLifetimeScope();
        foreach (var startup in catalog.Startups)
            startup.ConfigureContainer(container, configuration);
    }

    /// <summary>
    /// Binds "ForwardedHeaders": ForwardedHeaders (names), ForwardLimit, KnownProxies (addresses), KnownNetworks (CIDR),
    /// and TrustNoProxy: true when the store faces the internet directly, so no peer — not even loopback, which ASP.NET
    /// trusts by default — may say who the client is. (An empty KnownProxies list cannot express that: configuration
    /// drops empty lists.)
    /// </summary>
    public static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        options.ForwardedHeaders = section.GetValue("ForwardedHeaders", ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        options.ForwardLimit = section.GetValue<int?>("ForwardLimit", 1);
        if (section.GetValue("TrustNoProxy", false))
        {
            if ((section.GetSection("KnownProxies").Get<string[]>() ?? []).Length > 0 || (section.GetSection("KnownNetworks").Get<string[]>() ?? []).Length > 0)
                throw new InvalidOperationException("ForwardedHeaders:TrustNoProxy contradicts ForwardedHeaders:KnownProxies/KnownNetworks: set one or the other.");
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }

    /// <summary>Wraps whichever view compiler MVC registered (compiled or runtime) so views of plugins uploaded later are found.</summary>
    private static void DecorateViewCompiler(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IViewCompilerProvider));
        services.Remove(original);
        services.AddSingleton<IViewCompilerProvider>(sp =>
        {
            var inner = (IViewCompilerProvider)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
            return new PluginAwareViewCompilerProvider(inner, sp.GetRequiredService<ApplicationPartManager>(),
                sp.GetRequiredService<PluginActionDescriptorChangeProvider>());
        });
    }
}
