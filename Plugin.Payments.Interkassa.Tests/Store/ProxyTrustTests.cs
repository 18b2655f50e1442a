using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.EndToEnd;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>Who the client is: forwarded headers only from trusted proxies, and none at all when the store is exposed directly.</summary>
[Category(TestCategories.Database)]
public sealed class ProxyTrustTests
{
    private static readonly Dictionary<string, string?> TrustNoProxy = new() { ["ForwardedHeaders:TrustNoProxy"] = "true" };

    [Test]
    public async Task With_TrustNoProxy_a_spoofed_X_Forwarded_For_from_loopback_is_ignored()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay),
            Settings = TrustNoProxy,
        });
        await PaymentPluginFlowTests.InstallAsync(shop);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/testpay/ip", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await shop.Client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task With_TrustNoProxy_a_notification_spoofing_an_allowed_address_is_refused_by_the_allowlist()
    {
        await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions { Settings = TrustNoProxy });
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);

        (HttpStatusCode Status, string Body) answer = default;
        await store.WithSettingsAsync(s => s.AllowedSourceAddresses = "10.0.0.0/8", async () =>
        {
            using var client = new HttpClient { BaseAddress = store.Shop.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + InterkassaDefaults.NotifyPath, UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(InterkassaStore.Signed(InterkassaStore.Notification(purchase))),
            };
            request.Headers.Add("X-Forwarded-For", "10.1.2.3");
            using var response = await client.SendAsync(request);
            answer = (response.StatusCode, await response.Content.ReadAsStringAsync());
        });

        Assert.That(answer, Is.EqualTo((HttpStatusCode.BadRequest, "ERR address")), "the allowlist saw the real peer, 127.0.0.1");
    }

    [Test]
    public async Task A_rate_limit_a_plugin_registers_is_enforced_by_the_store_pipeline()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions
        {
            // What a plugin's ConfigureServices would do; a global limiter so the store's own /health shows it.
            ConfigureServices = services => services.Configure<RateLimiterOptions>(options =>
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetFixedWindowLimiter("all",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1), QueueLimit = 0 }))),
        });

        using var first = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var second = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }
}
