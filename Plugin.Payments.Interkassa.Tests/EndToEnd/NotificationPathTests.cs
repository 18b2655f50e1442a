using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>The notification endpoint does only the plugin's work: none of the storefront's (store, languages, strings, currencies).</summary>
[Category(TestCategories.Database)]
public sealed class NotificationPathTests
{
    private readonly CommandCounter _commands = new();
    private InterkassaStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
    {
        ConfigureServices = services => services.AddSingleton<IInterceptor>(_commands),
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _store.DisposeAsync();

    [Test]
    public async Task A_notification_loads_no_locale_strings_languages_or_currencies_while_a_storefront_page_still_does()
    {
        // Empty caches, so anything the request needs shows up as a query.
        var cache = _store.Shop.Services.GetRequiredService<ShopCache>();
        cache.Invalidate();
        _commands.Clear();
        var (status, body) = await _store.NotifyAsync([new("ik_co_id", "not-a-checkout"), new("ik_pm_no", "1"), new("ik_inv_st", "success")]);
        var notification = (Strings: _commands.Touching("LocaleStringResources"), Languages: _commands.Touching("Languages"),
            Currencies: _commands.Touching("Currencies"), Total: _commands.Commands.Count);

        cache.Invalidate();
        _commands.Clear();
        using var page = await _store.Shop.CreateBrowser().GetAsync(new Uri("/", UriKind.Relative));
        var text = (await ShopPage.ParseHtmlAsync(page)).Body?.TextContent ?? "";
        var storefrontStrings = _commands.Touching("LocaleStringResources");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(body, Does.StartWith("ERR "));
            Assert.That(notification.Total, Is.GreaterThan(0), "the notification was journaled (the counter sees its queries)");
            Assert.That(notification.Strings, Is.Zero, "no locale strings for a notification");
            Assert.That(notification.Languages, Is.Zero, "no languages for a notification");
            Assert.That(notification.Currencies, Is.Zero, "no currencies for a notification");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Contain("Тестовый товар"), "the storefront still renders");
            Assert.That(storefrontStrings, Is.GreaterThan(0), "the storefront still loads its strings");
        });
    }
}
