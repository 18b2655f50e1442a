using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Shop.Web.Data;

namespace Shop.Web.Services.Localization;

/// <summary>
/// The store's own strings, one embedded nopCommerce language pack per culture (Localization/ru-RU.xml …). A database
/// made by an older store lacks the strings added since; they are added at start-up, and a string the admin edited
/// is never overwritten (nopCommerce does the same in its upgrade step).
/// </summary>
public sealed class StoreLanguagePacks(ShopDbContext db, LocalizationService localization, ILogger<StoreLanguagePacks> logger)
{
    /// <summary>The embedded pack for <paramref name="culture"/>, or null when the store has none.</summary>
    public static Stream? Open(string culture) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"Shop.Web.Localization.{culture}.xml");

    /// <summary>Adds each language's missing store strings from its pack; existing strings stay as they are.</summary>
    public async Task AddMissingStringsAsync()
    {
        foreach (var language in await db.Languages.AsNoTracking().ToListAsync())
        {
            await using var pack = Open(language.LanguageCulture);
            if (pack is null)
                continue;
            using var reader = new StreamReader(pack);
            try
            {
                await localization.ImportLanguagePackAsync(language, reader, updateExistingResources: false);
            }
            catch (DbUpdateException)
            {
                // The unique (language, name) index: another store process starting at the same moment added them.
                db.ChangeTracker.Clear();
                logger.LogInformation("Another store process added the missing {Culture} store strings", language.LanguageCulture);
            }
        }
    }
}
