using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;
using Shop.Web.Data;
using Shop.Web.Services.Customers;
using Shop.Web.Services.Directory;
using Shop.Web.Services.Localization;
using Shop.Web.Services.Payments;

namespace Shop.Web.Infrastructure;

/// <summary>
/// The demo store of the first run: "Демо-магазин", RUB with USD/EUR/UAH rates, ru-RU, en-US and uk-UA with the store's strings,
/// a dozen countries, the built-in roles, a few products including "Тестовый товар" at 50 RUB, and the admin account.
/// </summary>
public sealed class DemoDataSeeder(
    ShopDbContext db,
    CustomerAccountService accounts,
    ILocalizationService localization,
    ISettingService settings,
    IConfiguration configuration,
    ILogger<DemoDataSeeder> logger)
{
    public const string AdminEmail = "admin@shop.local";

    /// <summary>Seeds an empty database; false when it already had a store.</summary>
    public async Task<bool> SeedIfEmptyAsync()
    {
        if (await db.Stores.AnyAsync())
            return false;

        var russian = new Language { Name = "Русский", LanguageCulture = "ru-RU", UniqueSeoCode = "ru", DisplayOrder = 1 };
        var english = new Language { Name = "English", LanguageCulture = "en-US", UniqueSeoCode = "en", DisplayOrder = 2 };
        var ukrainian = new Language { Name = "Українська", LanguageCulture = "uk-UA", UniqueSeoCode = "uk", DisplayOrder = 3 };
        db.Languages.AddRange(russian, english, ukrainian);
        try
        {
            // The unique index on the culture makes a second process seeding at the same moment fail here, before anything else.
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            logger.LogInformation("Another store process is seeding the database");
            return false;
        }

        db.Stores.Add(new Store { Name = "Демо-магазин", Url = configuration["Store:Url"] ?? "", DefaultLanguageId = russian.Id });
        db.Currencies.AddRange(
            new Currency { Name = "Российский рубль", CurrencyCode = "RUB", Rate = 1m, DisplayLocale = "ru-RU", DisplayOrder = 1 },
            new Currency { Name = "US Dollar", CurrencyCode = "USD", Rate = 0.0125m, DisplayLocale = "en-US", DisplayOrder = 2 },
            new Currency { Name = "Euro", CurrencyCode = "EUR", Rate = 0.0108m, DisplayLocale = "de-DE", DisplayOrder = 3 },
            new Currency { Name = "Українська гривня", CurrencyCode = "UAH", Rate = 0.52m, DisplayLocale = "uk-UA", DisplayOrder = 4 });
        var order = 0;
        foreach (var (two, three, name) in Countries)
            db.Countries.Add(new Country { TwoLetterIsoCode = two, ThreeLetterIsoCode = three, Name = name, DisplayOrder = ++order });
        db.CustomerRoles.AddRange(
            new CustomerRole { Name = "Администраторы", SystemName = CustomerRoleNames.Administrators },
            new CustomerRole { Name = "Зарегистрированные", SystemName = CustomerRoleNames.Registered },
            new CustomerRole { Name = "Гости", SystemName = CustomerRoleNames.Guests });
        db.Products.AddRange(
            new Product { Name = "Тестовый товар", Sku = "TEST-50", Price = 50m, DisplayOrder = 1,
                ShortDescription = "Товар для проверки оплаты: 50 рублей." },
            new Product { Name = "Кружка «Интеркасса»", Sku = "MUG-01", Price = 490m, DisplayOrder = 2,
                ShortDescription = "Керамическая кружка, 350 мл." },
            new Product { Name = "Футболка с логотипом", Sku = "TSHIRT-01", Price = 1290m, DisplayOrder = 3,
                ShortDescription = "Хлопок, размеры S–XL." },
            new Product { Name = "Блокнот А5", Sku = "NOTE-A5", Price = 350.5m, DisplayOrder = 4,
                ShortDescription = "96 листов в точку." });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await settings.SaveSettingAsync(new CurrencySettings { PrimaryStoreCurrencyCode = "RUB" });
        await settings.SaveSettingAsync(new PaymentSettings());
        foreach (var language in new[] { russian, english, ukrainian })
        {
            await using var pack = StoreLanguagePacks.Open(language.LanguageCulture);
            if (pack is not null)
            {
                using var reader = new StreamReader(pack);
                await localization.ImportResourcesFromXmlAsync(language, reader);
            }
        }

        var configured = configuration["Admin:Password"];
        var password = string.IsNullOrEmpty(configured)
            ? RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16)
            : configured;
        await accounts.CreateRegisteredAsync(AdminEmail, "Администратор", password, CustomerRoleNames.Administrators);
        PrintAdminCredentials(password, generated: string.IsNullOrEmpty(configured));
        logger.LogInformation("Demo store seeded");
        return true;
    }

    private static void PrintAdminCredentials(string password, bool generated)
    {
        var line = new string('=', 64);
        Console.WriteLine(line);
        Console.WriteLine(" Демо-магазин: administrator account / учётная запись администратора");
        Console.WriteLine($"   login page : /login  (admin panel: /Admin)");
        Console.WriteLine($"   e-mail     : {AdminEmail}");
        Console.WriteLine(generated
            ? $"   password   : {password}   (generated; set Admin:Password to choose one)"
            : "   password   : the value of the Admin:Password setting");
        Console.WriteLine(line);
    }

    private static readonly (string Two, string Three, string Name)[] Countries =
    [
        ("RU", "RUS", "Россия"), ("UA", "UKR", "Украина"), ("KZ", "KAZ", "Казахстан"), ("BY", "BLR", "Беларусь"),
        ("US", "USA", "США"), ("DE", "DEU", "Германия"), ("FR", "FRA", "Франция"), ("GB", "GBR", "Великобритания"),
        ("PL", "POL", "Польша"), ("UZ", "UZB", "Узбекистан"), ("AM", "ARM", "Армения"), ("GE", "GEO", "Грузия"),
        ("MD", "MDA", "Молдова"), ("KG", "KGZ", "Киргизия"),
    ];
}
