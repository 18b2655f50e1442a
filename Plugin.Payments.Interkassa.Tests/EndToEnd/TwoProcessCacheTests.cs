using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Plugin.Payments.Interkassa.Tests.Sandbox;
using Shop.Abstractions.Settings;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// Two store processes (two hosts, each with its own caches) on one PostgreSQL database: a save in one is seen by the
/// other. The stamp is checked on every lookup here (<c>Cache:StampCheckMilliseconds=0</c>), so "seen" is immediate;
/// in production it is within a second.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Database)]
public sealed class TwoProcessCacheTests
{
    private static readonly Dictionary<string, string?> EveryLookupChecksTheStamp = new(Operate.NoBackgroundTasks)
    {
        ["Cache:StampCheckMilliseconds"] = "0",
    };

    private InterkassaStore _store = null!;
    private ShopFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await InterkassaStore.StartAsync(postgres: true, new ShopFactoryOptions { Settings = EveryLookupChecksTheStamp });
        _second = await _store.StartSecondProcessAsync(EveryLookupChecksTheStamp);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _second.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task A_setting_saved_by_one_process_is_seen_by_the_other()
    {
        await _store.Shop.WithScopeAsync(s => s.GetRequiredService<ISettingService>().SetSettingAsync("tests.shared.value", "first"));
        var before = await _second.WithScopeAsync(s => s.GetRequiredService<ISettingService>().GetSettingByKeyAsync<string?>("tests.shared.value"));

        await _store.Shop.WithScopeAsync(s => s.GetRequiredService<ISettingService>().SetSettingAsync("tests.shared.value", "second"));
        var after = await _second.WithScopeAsync(s => s.GetRequiredService<ISettingService>().GetSettingByKeyAsync<string?>("tests.shared.value"));

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("first"), "the second process read (and cached) the first value");
            Assert.That(after, Is.EqualTo("second"));
        });
    }

    [Test]
    public async Task A_secret_key_changed_on_the_configure_page_of_one_process_is_used_by_the_other()
    {
        var before = await SecretKeyInSecondAsync();

        using var saved = await _store.SaveConfigurationAsync(new Dictionary<string, string> { ["Input.SecretKey"] = "ChangedSecretKey123" });
        var after = await SecretKeyInSecondAsync();

        // Put the sandbox's key back for the other tests of this fixture.
        using var restored = await _store.SaveConfigurationAsync(_store.SandboxConfiguration());
        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "configuration saved");
            Assert.That(before, Is.EqualTo(TestCheckouts.Md5Secret), "the second process decrypted (and kept) the first key");
            Assert.That(after, Is.EqualTo("ChangedSecretKey123"));
        });
    }

    private Task<string> SecretKeyInSecondAsync() => _second.WithScopeAsync(async services =>
    {
        var store = (await services.GetRequiredService<IStoreService>().GetAllStoresAsync())[0];
        return (await services.GetRequiredService<InterkassaSettingsProvider>().GetAsync(store.Id)).Keys.SecretKey;
    });
}
