using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Services.Directory;
using Shop.Web.Services.Localization;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The store's in-process caches of settings, strings, languages, currencies and stores (SQLite, one process).</summary>
[Category(TestCategories.Database)]
public sealed class CachingTests
{
    private readonly CommandCounter _commands = new();
    private ShopFactory _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _shop = await ShopFactory.StartAsync(new ShopFactoryOptions
    {
        // The stamp is not re-read during these tests: whatever a lookup finds must come from this process's own bookkeeping.
        Settings = new Dictionary<string, string?> { ["Cache:StampCheckMilliseconds"] = "600000" },
        ConfigureServices = services => services.AddSingleton<IInterceptor>(_commands),
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _shop.DisposeAsync();

    [Test]
    public async Task A_second_lookup_of_settings_strings_languages_currencies_and_stores_makes_no_database_query()
    {
        _shop.Services.GetRequiredService<ShopCache>().Invalidate();
        await LookUpEverythingAsync();
        var first = _commands.Commands.Count;
        _commands.Clear();

        await LookUpEverythingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.GreaterThan(0), "the first lookup reads the database");
            Assert.That(_commands.Commands, Is.Empty, "the second lookup, in a new request scope, is served from memory");
        });
    }

    [Test]
    public async Task A_saved_setting_is_seen_at_once_by_the_next_request_of_the_same_process()
    {
        await SetAsync("tests.cache.value", "one");
        var before = await GetAsync("tests.cache.value");

        await SetAsync("tests.cache.value", "two");
        var after = await GetAsync("tests.cache.value");

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("one"));
            Assert.That(after, Is.EqualTo("two"));
        });
    }

    [Test]
    public async Task A_currency_rate_changed_with_a_direct_update_is_seen_at_once()
    {
        var before = await RateAsync("USD");

        // As the admin's currency page does: an ExecuteUpdate on the table, no call into the currency service.
        await _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Currencies
            .Where(c => c.CurrencyCode == "USD").ExecuteUpdateAsync(s => s.SetProperty(c => c.Rate, before * 2)));
        var after = await RateAsync("USD");

        Assert.That(after, Is.EqualTo(before * 2));
    }

    private Task LookUpEverythingAsync() => _shop.WithScopeAsync(async services =>
    {
        await services.GetRequiredService<ISettingService>().LoadSettingAsync<CurrencySettings>();
        var languages = await services.GetRequiredService<ILanguageService>().GetAllLanguagesAsync();
        await services.GetRequiredService<LocalizationService>().GetAllAsync(languages[0].Id);
        await services.GetRequiredService<ICurrencyService>().GetAllCurrenciesAsync();
        await services.GetRequiredService<IStoreService>().GetAllStoresAsync();
    });

    private Task SetAsync(string key, string value) =>
        _shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SetSettingAsync(key, value));

    private Task<string?> GetAsync(string key) =>
        _shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().GetSettingByKeyAsync<string?>(key));

    private Task<decimal> RateAsync(string code) =>
        _shop.WithScopeAsync(async services => (await services.GetRequiredService<ICurrencyService>().GetCurrencyByCodeAsync(code))!.Rate);
}
