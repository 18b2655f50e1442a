using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The services the platform API gives plugins: per-store settings, language packs, store URLs, Data Protection.</summary>
[Category(TestCategories.Database)]
public sealed class PlatformServicesTests
{
    public sealed class SampleSettings : ISettings
    {
        public string CheckoutId { get; set; } = "default";

        public decimal Fee { get; set; } = 1.5m;

        public List<string> Currencies { get; set; } = ["RUB"];
    }

    private ShopFactory _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _shop = await ShopFactory.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _shop.DisposeAsync();

    [Test]
    public async Task A_store_override_wins_over_the_shared_value_and_removing_it_falls_back()
    {
        var secondStore = await _shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            var store = new Shop.Abstractions.Domain.Store { Name = "Second", DefaultLanguageId = await db.Languages.Select(l => l.Id).FirstAsync() };
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store.Id;
        });

        var result = await _shop.WithScopeAsync(async services =>
        {
            var settings = services.GetRequiredService<ISettingService>();
            await settings.SaveSettingAsync(new SampleSettings { CheckoutId = "shared", Fee = 2.25m, Currencies = ["RUB", "USD"] });
            var own = new SampleSettings { CheckoutId = "second", Fee = 9.99m };
            await settings.SaveSettingOverridablePerStoreAsync(own, s => s.CheckoutId, overrideForStore: true, secondStore);
            var first = await settings.LoadSettingAsync<SampleSettings>(1);
            var second = await settings.LoadSettingAsync<SampleSettings>(secondStore);
            var exists = await settings.SettingExistsAsync(own, s => s.CheckoutId, secondStore);
            await settings.SaveSettingOverridablePerStoreAsync(own, s => s.CheckoutId, overrideForStore: false, secondStore);
            var afterRemoval = await settings.LoadSettingAsync<SampleSettings>(secondStore);
            var key = settings.GetSettingKey<SampleSettings, string>(s => s.CheckoutId);
            var raw = await settings.GetSettingByKeyAsync<string?>("SampleSettings.Fee");
            var typed = (await settings.GetSettingByKeyAsync<decimal>("SampleSettings.Fee"),
                await settings.GetSettingByKeyAsync("samplesettings.absent", defaultValue: 7),
                await settings.GetSettingByKeyAsync<string?>("samplesettings.fee", null, secondStore),
                await settings.GetSettingByKeyAsync<string?>("samplesettings.fee", null, secondStore, loadSharedValueIfNotFound: true));
            await settings.DeleteSettingAsync<SampleSettings>();
            var afterDelete = await settings.LoadSettingAsync<SampleSettings>();
            return (first, second, exists, afterRemoval, key, raw, afterDelete, typed);
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.first.CheckoutId, Is.EqualTo("shared"));
            Assert.That(result.first.Fee, Is.EqualTo(2.25m));
            Assert.That(result.first.Currencies, Is.EqualTo(new[] { "RUB", "USD" }));
            Assert.That(result.second.CheckoutId, Is.EqualTo("second"));
            Assert.That(result.second.Fee, Is.EqualTo(2.25m), "only the overridden property is the store's own");
            Assert.That(result.exists, Is.True);
            Assert.That(result.afterRemoval.CheckoutId, Is.EqualTo("shared"));
            Assert.That(result.key, Is.EqualTo("samplesettings.checkoutid"));
            Assert.That(result.raw, Is.EqualTo("2.25"), "values are stored in the invariant culture");
            Assert.That(result.typed, Is.EqualTo((2.25m, 7, (string?)null, "2.25")),
                "converted to the type asked for; the default when absent; the shared value only when asked for");
            Assert.That(result.afterDelete.CheckoutId, Is.EqualTo("default"));
        });
    }

    [Test]
    public async Task Each_load_of_settings_is_the_callers_own_object_even_when_served_from_memory()
    {
        var (changedThenReloaded, afterSave) = await _shop.WithScopeAsync(async services =>
        {
            var settings = services.GetRequiredService<ISettingService>();
            await settings.SaveSettingAsync(new SampleSettings { CheckoutId = "kept", Fee = 3m, Currencies = ["RUB", "UAH"] });
            var first = await settings.LoadSettingAsync<SampleSettings>();
            // A caller that changes what it loaded, without saving, must not change what the next caller gets.
            first.CheckoutId = "changed";
            first.Currencies.Add("EUR");
            var second = await settings.LoadSettingAsync<SampleSettings>();
            first.Fee = 4m;
            await settings.SaveSettingAsync(first);
            var third = await settings.LoadSettingAsync<SampleSettings>();
            await settings.DeleteSettingAsync<SampleSettings>();
            return (second, third);
        });

        Assert.Multiple(() =>
        {
            Assert.That(changedThenReloaded.CheckoutId, Is.EqualTo("kept"));
            Assert.That(changedThenReloaded.Currencies, Is.EqualTo(new[] { "RUB", "UAH" }), "a list is not shared between loads");
            Assert.That(afterSave.Fee, Is.EqualTo(4m), "a save is seen by the next load at once");
            Assert.That(afterSave.Currencies, Is.EqualTo(new[] { "RUB", "UAH", "EUR" }));
        });
    }

    [Test]
    public async Task A_language_pack_is_imported_and_read_case_insensitively_with_fallback()
    {
        const string pack = """
            <?xml version="1.0" encoding="utf-8"?>
            <Language Name="English" SupportedVersion="1.0">
              <LocaleResource Name="Plugins.Sample.Title"><Value>Sample &amp; co</Value></LocaleResource>
              <LocaleResource Name="Plugins.Sample.Only.English"><Value>Only in English</Value></LocaleResource>
            </Language>
            """;
        var result = await _shop.WithScopeAsync(async services =>
        {
            var localization = services.GetRequiredService<ILocalizationService>();
            var languages = services.GetRequiredService<ILanguageService>();
            var english = (await languages.GetLanguageByCultureAsync("en-US"))!;
            var russian = (await languages.GetLanguageByCultureAsync("ru"))!;
            using (var reader = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(pack))))
            {
                await localization.ImportResourcesFromXmlAsync(english, reader);
            }
            var count = await localization.CountLocaleResourcesAsync("Plugins.Sample.");
            await localization.AddOrUpdateLocaleResourcesAsync(new Dictionary<string, string> { ["Plugins.Sample.Title"] = "Образец" }, russian.Id);
            var englishTitle = await localization.GetResourceAsync("PLUGINS.sample.title", english.Id);
            var russianTitle = await localization.GetResourceAsync("Plugins.Sample.Title", russian.Id);
            var missing = await localization.GetResourceAsync("Plugins.Sample.Missing", english.Id);
            var counted = await localization.CountLocaleResourcesAsync("Plugins.Sample.");
            await localization.DeleteLocaleResourcesAsync("Plugins.Sample.");
            var afterDelete = await localization.CountLocaleResourcesAsync("Plugins.Sample.");
            InvalidDataException? invalid = null;
            try
            {
                using var notAPack = new StreamReader(new MemoryStream("<NotAPack/>"u8.ToArray()));
                await localization.ImportResourcesFromXmlAsync(english, notAPack);
            }
            catch (InvalidDataException e)
            {
                invalid = e;
            }
            return (count, englishTitle, russianTitle, missing, counted, afterDelete, invalid);
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.count, Is.EqualTo(2));
            Assert.That(result.englishTitle, Is.EqualTo("Sample & co"));
            Assert.That(result.russianTitle, Is.EqualTo("Образец"));
            Assert.That(result.missing, Is.EqualTo("Plugins.Sample.Missing"), "an unknown name comes back as itself");
            Assert.That(result.counted, Is.EqualTo(3));
            Assert.That(result.afterDelete, Is.Zero);
            Assert.That(result.invalid, Is.Not.Null);
        });
    }

    [Test]
    public async Task The_store_location_outside_a_request_is_the_server_address_and_a_store_url_is_its_configured_one()
    {
        var fromRequestlessScope = await _shop.WithScopeAsync(services => Task.FromResult(services.GetRequiredService<IWebHelper>().GetStoreLocation()));
        await _shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Stores.ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, "https://shop.example/")));
        var configured = await _shop.WithScopeAsync(async services =>
            (await services.GetRequiredService<IStoreService>().GetAllStoresAsync())[0].Url);
        await _shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Stores.ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, "")));

        Assert.Multiple(() =>
        {
            Assert.That(fromRequestlessScope, Is.EqualTo(_shop.BaseAddress.ToString()));
            Assert.That(configured, Is.EqualTo("https://shop.example/"));
        });
    }

    [Test]
    public async Task A_secret_protected_by_one_store_process_is_read_by_another_on_the_same_database()
    {
        await using var first = await ShopFactory.StartOnPostgresAsync();
        await using var second = await ShopFactory.StartAsync(new ShopFactoryOptions { ConnectionString = first.ConnectionString });

        var cipher = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Tests.Secret").Protect("A-secret-shared-by-two-processes");
        var plain = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Tests.Secret").Unprotect(cipher);
        var keys = await first.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().DataProtectionKeys.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo("A-secret-shared-by-two-processes"));
            Assert.That(keys, Is.GreaterThanOrEqualTo(1));
        });
    }
}
