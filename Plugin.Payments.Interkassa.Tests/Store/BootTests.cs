using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The store starts on an empty database of either provider, creates its schema and seeds the demo store.</summary>
public sealed class BootTests
{
    [Test]
    public async Task A_fresh_SQLite_file_is_migrated_seeded_and_healthy()
    {
        await using var shop = await ShopFactory.StartAsync();
        await AssertSeededAndHealthyAsync(shop);
    }

    [Test]
    public async Task A_fresh_PostgreSQL_database_is_migrated_seeded_and_healthy()
    {
        await using var shop = await ShopFactory.StartOnPostgresAsync();
        await AssertSeededAndHealthyAsync(shop);
    }

    [Test]
    public async Task The_catalogue_shows_the_test_product_at_50_roubles_in_Russian()
    {
        await using var shop = await ShopFactory.StartAsync();
        var page = await ShopPage.GetAsync(shop.Client, "/");

        var card = page.QuerySelectorAll("article.product-card").Single(c => ShopPage.Text(c, "h2") == "Тестовый товар");
        Assert.Multiple(() =>
        {
            Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("ru"));
            Assert.That(ShopPage.Text(card, ".price"), Is.EqualTo("50,00 ₽"));
            Assert.That(ShopPage.Text(page, "h1"), Is.EqualTo("Каталог"));
        });
    }

    [Test]
    public async Task Health_is_503_when_the_database_cannot_be_reached()
    {
        await using var shop = await ShopFactory.StartOnPostgresAsync();
        var server = await PostgresServer.SharedAsync();
        await server.DropDatabaseAsync(shop.ConnectionString);

        using var response = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        });
    }

    private static async Task AssertSeededAndHealthyAsync(ShopFactory shop)
    {
        using var health = await shop.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var seed = await shop.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ShopDbContext>();
            return new
            {
                Store = await db.Stores.Select(s => s.Name).SingleAsync(),
                Product = await db.Products.SingleAsync(p => p.Name == "Тестовый товар"),
                Currencies = await db.Currencies.OrderBy(c => c.DisplayOrder).Select(c => c.CurrencyCode).ToListAsync(),
                Languages = await db.Languages.OrderBy(l => l.DisplayOrder).Select(l => l.LanguageCulture).ToListAsync(),
                Countries = await db.Countries.CountAsync(),
                Resources = await db.LocaleStringResources.CountAsync(),
                Admin = await db.CustomerCredentials.CountAsync(),
            };
        });

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(seed.Store, Is.EqualTo("Демо-магазин"));
            Assert.That(seed.Product.Price, Is.EqualTo(50m));
            Assert.That(seed.Currencies, Is.EqualTo(new[] { "RUB", "USD", "EUR", "UAH" }));
            Assert.That(seed.Languages, Is.EqualTo(new[] { "ru-RU", "en-US" }));
            Assert.That(seed.Countries, Is.GreaterThanOrEqualTo(12));
            Assert.That(seed.Resources, Is.GreaterThan(200));
            Assert.That(seed.Admin, Is.EqualTo(1));
        });
    }
}
