namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>The C# source of the test payment plugins (see <see cref="TestPlugins"/>), compiled at test time.</summary>
internal static class TestPluginSource
{
    /// <summary>The plugin's admin Razor Page, compiled with the Razor engine into C# (see <see cref="RazorPageCompiler"/>).</summary>
    public static string SettingsPage(string @namespace, string route) =>
        $$"""
        @page
        @model {{@namespace}}.SettingsPageModel
        @{
            ViewData["Title"] = "Settings page of {{route}}";
        }
        <p id="plugin-razor-page">@Model.Fee.ToString(System.Globalization.CultureInfo.InvariantCulture)</p>
        @section Scripts {
            <script src="/js/handoff.js"></script>
        }
        """;

    /// <summary>A compiled MVC view of the plugin (Views/__ROUTE__/Hello.cshtml), rendered by its gateway controller.</summary>
    public const string HelloView = """
        @model string
        @{
            Layout = null;
        }
        <!DOCTYPE html>
        <html><body><p id="plugin-view">Hello from @Model</p></body></html>
        """;

    /// <summary>The plugin's source files.</summary>
    public static IReadOnlyList<string> For(string @namespace, string systemName, string friendlyName, string route, bool withStartup)
    {
        var plugin = Template
            .Replace("__NAMESPACE__", @namespace, StringComparison.Ordinal)
            .Replace("__SYSTEMNAME__", systemName, StringComparison.Ordinal)
            .Replace("__FRIENDLY__", friendlyName, StringComparison.Ordinal)
            .Replace("__ROUTE__", route, StringComparison.Ordinal);
        return withStartup ? [plugin, StartupTemplate.Replace("__NAMESPACE__", @namespace, StringComparison.Ordinal)] : [plugin];
    }

    private const string Template = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Net;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.ApplicationParts;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Shop.Abstractions.Domain;
        using Shop.Abstractions.Localization;
        using Shop.Abstractions.Orders;
        using Shop.Abstractions.Payments;
        using Shop.Abstractions.Plugins;
        using Shop.Abstractions.Settings;
        using Shop.Abstractions.Stores;
        using Shop.Abstractions.Web;

        // A Razor class library's parts: the assembly and its compiled Razor views and pages.
        [assembly: ProvideApplicationPartFactory(typeof(ConsolidatedAssemblyApplicationPartFactory))]

        namespace __NAMESPACE__;

        /// <summary>The model of the plugin's admin Razor Page (Pages/Admin/__ROUTE__/Settings.cshtml).</summary>
        public sealed class SettingsPageModel(ISettingService settings) : PageModel
        {
            public decimal Fee { get; private set; }

            public async Task OnGetAsync() => Fee = (await settings.LoadSettingAsync<TestPaySettings>()).Fee;
        }

        public sealed class TestPaySettings : ISettings
        {
            public decimal Fee { get; set; } = 5m;
            public bool UseForm { get; set; }
            public bool Hide { get; set; }
            public bool FailPostProcess { get; set; }
        }

        public sealed class TestPayPlugin(ISettingService settings, ILocalizationService localization, IPaymentService payments, IWebHelper webHelper)
            : BasePlugin, IPaymentMethod
        {
            public override string? GetConfigurationPageUrl() => "/Admin/__ROUTE__/configure";

            public override async Task InstallAsync()
            {
                await settings.SaveSettingAsync(new TestPaySettings());
                await localization.AddOrUpdateLocaleResourcesAsync(new Dictionary<string, string>
                {
                    ["Plugins.FriendlyName.__SYSTEMNAME__"] = "__FRIENDLY__",
                    ["Plugins.__SYSTEMNAME__.Description"] = "Pay with __FRIENDLY__ (a test method)",
                });
            }

            public override Task UpdateAsync(string currentVersion, string targetVersion) =>
                settings.SetSettingAsync("testpaysettings.updated", currentVersion + "->" + targetVersion);

            public override async Task UninstallAsync()
            {
                await settings.DeleteSettingAsync<TestPaySettings>();
                await localization.DeleteLocaleResourcesAsync("Plugins.__SYSTEMNAME__.");
                await localization.DeleteLocaleResourcesAsync("Plugins.FriendlyName.__SYSTEMNAME__");
            }

            public Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest processPaymentRequest) =>
                Task.FromResult(new ProcessPaymentResult { NewPaymentStatus = PaymentStatus.Pending });

            public async Task PostProcessPaymentAsync(PostProcessPaymentRequest postProcessPaymentRequest)
            {
                var order = postProcessPaymentRequest.Order;
                var current = await settings.LoadSettingAsync<TestPaySettings>(order.StoreId);
                if (current.FailPostProcess)
                    throw new InvalidOperationException("The test gateway is down.");
                var gateway = webHelper.GetStoreLocation() + "__ROUTE__/gateway";
                postProcessPaymentRequest.Handoff = current.UseForm
                    ? PaymentHandoff.PostForm(gateway,
                    [
                        new("order", order.OrderGuid.ToString()),
                        new("amount", order.OrderTotal.ToString("0.00", CultureInfo.InvariantCulture)),
                        new("note", "<script>alert(\"x\")</script> & \"quotes\""),
                    ])
                    : PaymentHandoff.Redirect(gateway + "?order=" + order.OrderGuid);
            }

            public async Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart) => (await settings.LoadSettingAsync<TestPaySettings>()).Hide;

            public async Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart) =>
                await payments.CalculateAdditionalFeeAsync(cart, (await settings.LoadSettingAsync<TestPaySettings>()).Fee, usePercentage: false);

            public Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest capturePaymentRequest) => Task.FromResult(Fail(new CapturePaymentResult()));

            public Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest refundPaymentRequest) =>
                Task.FromResult(new RefundPaymentResult { NewPaymentStatus = refundPaymentRequest.IsPartialRefund ? PaymentStatus.PartiallyRefunded : PaymentStatus.Refunded });

            public Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest voidPaymentRequest) => Task.FromResult(Fail(new VoidPaymentResult()));

            public Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest processPaymentRequest) => Task.FromResult(Fail(new ProcessPaymentResult()));

            public Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(CancelRecurringPaymentRequest cancelPaymentRequest) =>
                Task.FromResult(Fail(new CancelRecurringPaymentResult()));

            public Task<bool> CanRePostProcessPaymentAsync(Order order) => Task.FromResult(order.PaymentStatus == PaymentStatus.Pending);

            public Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form) => Task.FromResult<IList<string>>(new List<string>());

            public Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form) => Task.FromResult(new ProcessPaymentRequest());

            public Task<string> GetPaymentMethodDescriptionAsync() => localization.GetResourceAsync("Plugins.__SYSTEMNAME__.Description");

            public Type? GetPublicViewComponent() => null;

            public bool SupportCapture => false;
            public bool SupportPartiallyRefund => true;
            public bool SupportRefund => true;
            public bool SupportVoid => false;
            public RecurringPaymentType RecurringPaymentType => RecurringPaymentType.NotSupported;
            public PaymentMethodType PaymentMethodType => PaymentMethodType.Redirection;
            public bool SkipPaymentInfo => true;

            private static T Fail<T>(T result) where T : PaymentResultBase
            {
                result.AddError("Not supported by the test method.");
                return result;
            }
        }

        /// <summary>A plain endpoint mapped through the platform's IRouteProvider (not a controller).</summary>
        public sealed class PingRoutes : IRouteProvider
        {
            public int Priority => 0;

            public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder) =>
                endpointRouteBuilder.MapGet("/__ROUTE__/ping", (HttpContext context) => context.Response.WriteAsync("pong"));
        }

        [Route("__ROUTE__")]
        public sealed class GatewayController(IOrderService orders, IOrderProcessingService processing) : Controller
        {
            [HttpGet("gateway")]
            [HttpPost("gateway")]
            [IgnoreAntiforgeryToken]
            public IActionResult Gateway(string? order, string? amount, string? note) =>
                Content("<!DOCTYPE html><html><body><h1 id=\"gateway\">__FRIENDLY__ gateway</h1>"
                    + "<p id=\"order\">" + WebUtility.HtmlEncode(order) + "</p><p id=\"amount\">" + WebUtility.HtmlEncode(amount)
                    + "</p><p id=\"note\">" + WebUtility.HtmlEncode(note) + "</p></body></html>", "text/html");

            [HttpGet("view")]
            public IActionResult CompiledView() => View("~/Views/__ROUTE__/Hello.cshtml", "__FRIENDLY__");

            [HttpGet("ip")]
            public IActionResult Ip([FromServices] IWebHelper webHelper) => Content(webHelper.GetCurrentIpAddress() ?? "");

            [HttpPost("notify")]
            [IgnoreAntiforgeryToken]
            public async Task<IActionResult> Notify(Guid order)
            {
                var found = await orders.GetOrderByGuidAsync(order);
                if (found is null)
                    return NotFound();
                await processing.MarkOrderAsPaidAsync(found);
                return Content(found.PaymentStatus.ToString());
            }
        }

        [Route("Admin/__ROUTE__")]
        [Authorize(Policy = ShopWebDefaults.AdminPolicy)]
        public sealed class ConfigureController(ISettingService settings, IStoreContext storeContext) : Controller
        {
            [HttpGet("configure")]
            public async Task<IActionResult> Configure()
            {
                var scope = await storeContext.GetActiveStoreScopeConfigurationAsync();
                var current = await settings.LoadSettingAsync<TestPaySettings>(scope);
                return Content("<!DOCTYPE html><html><body><h1 id=\"configure\">__FRIENDLY__ settings</h1><p id=\"fee\">"
                    + current.Fee.ToString(CultureInfo.InvariantCulture) + "</p></body></html>", "text/html");
            }
        }

        """;

    private const string StartupTemplate = """
        using System.Threading;
        using System.Threading.Tasks;
        using Autofac;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Diagnostics.HealthChecks;
        using Shop.Abstractions.Events;
        using Shop.Abstractions.Plugins;

        namespace __NAMESPACE__;

        public sealed class TestPayStartup : IPluginStartup
        {
            public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
                services.AddHealthChecks().AddCheck("testpay", () => HealthCheckResult.Healthy("The test plugin's own check."));

            public void ConfigureContainer(ContainerBuilder builder, IConfiguration configuration) =>
                builder.RegisterType<PlacedOrderCounter>().As<IConsumer<OrderPlacedEvent>>().AsSelf().SingleInstance();
        }

        public sealed class PlacedOrderCounter : IConsumer<OrderPlacedEvent>
        {
            private int _count;

            public int Count => _count;

            public Task HandleEventAsync(OrderPlacedEvent domainEvent)
            {
                Interlocked.Increment(ref _count);
                return Task.CompletedTask;
            }
        }
        """;
}
