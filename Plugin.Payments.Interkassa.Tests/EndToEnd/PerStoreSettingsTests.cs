using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>"Override for this store", as in nopCommerce: a store's own value wins, the others keep the shared one.</summary>
[Category(TestCategories.Database)]
public sealed class PerStoreSettingsTests
{
    [Test]
    public async Task Overriding_a_field_for_a_store_keeps_the_shared_value_for_all_stores()
    {
        await using var store = await InterkassaStore.StartAsync(postgres: false);

        // Choose the store in the admin header, then override only the description template.
        var page = await ShopPage.GetAsync(store.Admin, InterkassaDefaults.ConfigurePath);
        using (var scope = await ShopPage.SubmitAsync(store.Admin, page, "form.scope-form", new Dictionary<string, string> { ["storeId"] = "1" }))
            Assert.That(scope.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var scoped = await ShopPage.GetAsync(store.Admin, InterkassaDefaults.ConfigurePath);
        Assert.That(scoped.QuerySelectorAll("input[name='Input.Overrides']"), Is.Not.Empty, "override boxes appear for a store");

        using (var saved = await ShopPage.SubmitAsync(store.Admin, scoped, "form.ik-form", new Dictionary<string, string>
               {
                   ["Input.DescriptionTemplate"] = "Заказ {0} в магазине №1",
                   ["Input.Overrides"] = nameof(InterkassaSettings.DescriptionTemplate),
               }))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var (shared, forStore) = await store.Shop.WithScopeAsync(async services =>
        {
            var settings = services.GetRequiredService<ISettingService>();
            return (await settings.LoadSettingAsync<InterkassaSettings>(0), await settings.LoadSettingAsync<InterkassaSettings>(1));
        });
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);

        Assert.Multiple(() =>
        {
            Assert.That(shared.DescriptionTemplate, Is.Empty);
            Assert.That(forStore.DescriptionTemplate, Is.EqualTo("Заказ {0} в магазине №1"));
            Assert.That(forStore.CheckoutId, Is.EqualTo(shared.CheckoutId), "fields not overridden fall back to the shared value");
            Assert.That(purchase.FormFields.First(f => f.Key == "ik_desc").Value, Is.EqualTo($"Заказ {purchase.Order.CustomOrderNumber} в магазине №1"));
        });
    }
}
