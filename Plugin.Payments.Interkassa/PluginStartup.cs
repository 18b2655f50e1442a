using System.Threading.RateLimiting;
using Autofac;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Web;
using Shop.Abstractions.Data;
using Shop.Abstractions.Plugins;

namespace Plugin.Payments.Interkassa;

/// <summary>The plugin's registrations, all in one place.</summary>
public sealed class PluginStartup : IPluginStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // Protocol: the REST API client (timeout and retries are set by its registration).
        services.AddInterkassaApiClient();

        // The plugin's tables live in the store's database, reached with the store's provider; pooled like the store's context.
        services.AddDbContextPool<InterkassaDbContext>((provider, options) =>
            provider.GetRequiredService<IStoreDatabase>().Configure(options));

        services.TryAddSingleton(TimeProvider.System);

        // Web: anonymous posts to the notification URL are journaled, so a flood is limited per source address.
        var burst = configuration.GetValue(InterkassaDefaults.NotifyBurstSetting, InterkassaDefaults.NotifyBurst);
        var perSecond = configuration.GetValue(InterkassaDefaults.NotifyPerSecondSetting, InterkassaDefaults.NotifyPerSecond);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(InterkassaDefaults.NotifyRateLimitPolicy, context =>
            RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            })));

        // Operations: the plugin's part of the store's /health (values only, no secret).
        services.AddHealthChecks().AddCheck<InterkassaHealthCheck>("interkassa");
    }

    public void ConfigureContainer(ContainerBuilder builder, IConfiguration configuration)
    {
        // Data
        builder.RegisterType<InterkassaSchema>().InstancePerLifetimeScope();

        // Settings
        builder.RegisterType<SecretProtector>().SingleInstance();
        builder.RegisterType<InterkassaSettingsProvider>().InstancePerLifetimeScope();
        builder.RegisterType<SettingsScope>().InstancePerLifetimeScope();
        builder.RegisterType<StoreLocation>().InstancePerLifetimeScope();
        builder.RegisterType<StoreDemoMode>().SingleInstance();

        // Payments
        builder.RegisterType<PaymentAmountCalculator>().InstancePerLifetimeScope();
        builder.RegisterType<PaymentFormService>().InstancePerLifetimeScope();
        builder.RegisterType<CheckoutPresentation>().InstancePerLifetimeScope();
        builder.RegisterType<StoreLogos>().InstancePerLifetimeScope();
        builder.RegisterType<OrderNoteText>().InstancePerLifetimeScope();
        builder.RegisterType<PaymentConfirmation>().InstancePerLifetimeScope();
        builder.RegisterType<DeliveryQueries>().SingleInstance();
        builder.RegisterType<DeliveryLookup>().InstancePerLifetimeScope();
        builder.RegisterType<PaymentRecorder>().InstancePerLifetimeScope();
        builder.RegisterType<NotificationProcessor>().InstancePerLifetimeScope();
        builder.RegisterType<JournalWriter>().SingleInstance();
        builder.RegisterType<PaymentGroupCommit>().SingleInstance();
        builder.RegisterType<InterkassaInstaller>().InstancePerLifetimeScope();

        // Operations: refunds, reconciliation (a scheduled task the store resolves by type), journal,
        // connection check, payment links, health.
        builder.RegisterType<ApiAccess>().InstancePerLifetimeScope();
        builder.RegisterType<RefundService>().InstancePerLifetimeScope();
        builder.RegisterType<ReconciliationService>().InstancePerLifetimeScope();
        builder.RegisterType<UnpaidOrderCancellation>().InstancePerLifetimeScope();
        builder.RegisterType<CabinetRefundSync>().InstancePerLifetimeScope();
        builder.RegisterType<InterkassaReconciliationTask>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterType<OperationsInstaller>().InstancePerLifetimeScope();
        builder.RegisterType<JournalQuery>().InstancePerLifetimeScope();
        builder.RegisterType<OrderPaymentSummaryQuery>().InstancePerLifetimeScope();
        builder.RegisterType<PaymentSummaryQuery>().InstancePerLifetimeScope();
        builder.RegisterType<ConnectionCheck>().InstancePerLifetimeScope();
        builder.RegisterType<SetupAssistantService>().InstancePerLifetimeScope();
        builder.RegisterType<InvoiceSideLookup>().InstancePerLifetimeScope();
        builder.RegisterType<PaymentLinkTokens>().SingleInstance();
        builder.RegisterType<PaymentLinkService>().InstancePerLifetimeScope();
        builder.RegisterType<InterkassaHealthCheck>().InstancePerLifetimeScope();

        // Web
        builder.RegisterType<PluginText>().InstancePerLifetimeScope();
        builder.RegisterType<Pages.Admin.PaymentInterkassa.ConfigureEditor>().InstancePerLifetimeScope();
    }
}
