using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Stores;
using Shop.Web.Data;
using Shop.Web.Data.Entities;

namespace Shop.Web.Services.Localization;

/// <summary>
/// UI strings from the database, each language's strings kept in <see cref="ShopCache"/> (a change anywhere replaces the
/// cache stamp, so every process re-reads them).
/// </summary>
public sealed class LocalizationService(ShopDbContext db, ShopCache cache, IWorkContext workContext, IStoreContext storeContext) : ILocalizationService
{
    public async Task<string> GetResourceAsync(string resourceName, int? languageId = null)
    {
        ArgumentNullException.ThrowIfNull(resourceName);
        var name = Normalize(resourceName);
        var language = languageId ?? (await workContext.GetWorkingLanguageAsync()).Id;
        if ((await GetAllAsync(language)).TryGetValue(name, out var value))
            return value;
        var store = await storeContext.GetCurrentStoreAsync();
        if (store.DefaultLanguageId != language && (await GetAllAsync(store.DefaultLanguageId)).TryGetValue(name, out value))
            return value;
        return resourceName;
    }

    /// <summary>Every string of a language, lower-case names.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(int languageId) =>
        await cache.GetAsync("locale:" + languageId.ToString(System.Globalization.CultureInfo.InvariantCulture), db, async () =>
            (await db.LocaleStringResources.AsNoTracking()
                .Where(r => r.LanguageId == languageId)
                .Select(r => new { r.ResourceName, r.ResourceValue })
                .ToListAsync())
            .ToDictionary(r => r.ResourceName, r => r.ResourceValue, StringComparer.Ordinal));

    public async Task AddOrUpdateLocaleResourcesAsync(IDictionary<string, string> resources, int? languageId = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var languages = languageId is { } id
            ? [id]
            : await db.Languages.AsNoTracking().Select(l => l.Id).ToListAsync();
        foreach (var language in languages)
            await UpsertAsync(language, resources.Select(r => (r.Key, r.Value)), updateExisting: true);
    }

    public async Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null)
    {
        var prefix = Normalize(resourceNamePrefix);
        var query = db.LocaleStringResources.Where(r => r.ResourceName.StartsWith(prefix));
        if (languageId is { } id)
            query = query.Where(r => r.LanguageId == id);
        await query.ExecuteDeleteAsync();
    }

    public Task<int> CountLocaleResourcesAsync(string resourceNamePrefix)
    {
        var prefix = Normalize(resourceNamePrefix);
        return db.LocaleStringResources.CountAsync(r => r.ResourceName.StartsWith(prefix));
    }

    public Task ImportResourcesFromXmlAsync(Language language, StreamReader xmlStreamReader, bool updateExistingResources = true) =>
        ImportLanguagePackAsync(language, xmlStreamReader, updateExistingResources);

    /// <summary>The store's own import: as <see cref="ImportResourcesFromXmlAsync"/>, returning the number of names read.</summary>
    public async Task<int> ImportLanguagePackAsync(Language language, StreamReader xmlStreamReader, bool updateExistingResources = true)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(xmlStreamReader);
        var entries = await ReadLanguagePackAsync(xmlStreamReader);
        await UpsertAsync(language.Id, entries, updateExistingResources);
        return entries.Count;
    }

    /// <summary>
    /// Reads a nopCommerce language pack: <c>&lt;Language&gt;&lt;LocaleResource Name="…"&gt;&lt;Value&gt;…</c>.
    /// Throws <see cref="InvalidDataException"/> when the document is not one.
    /// </summary>
    public static async Task<IReadOnlyList<(string Name, string Value)>> ReadLanguagePackAsync(TextReader xml)
    {
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            document = await XDocument.LoadAsync(reader, LoadOptions.None, CancellationToken.None);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"Not a language pack: {e.Message}", e);
        }
        if (document.Root?.Name.LocalName != "Language")
            throw new InvalidDataException("Not a language pack: the root element must be <Language>.");
        var entries = new List<(string, string)>();
        foreach (var element in document.Root.Descendants("LocaleResource"))
        {
            var name = element.Attribute("Name")?.Value;
            if (string.IsNullOrWhiteSpace(name))
                throw new InvalidDataException("Not a language pack: a <LocaleResource> has no Name.");
            entries.Add((name.Trim(), element.Element("Value")?.Value ?? ""));
        }
        return entries;
    }

    private async Task UpsertAsync(int languageId, IEnumerable<(string Name, string Value)> resources, bool updateExisting)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in resources)
            wanted[Normalize(name)] = value;
        if (wanted.Count == 0)
            return;

        var existing = db.LocaleStringResources.Where(r => r.LanguageId == languageId);
        if (updateExisting)
        {
            var rows = await existing.ToDictionaryAsync(r => r.ResourceName, StringComparer.Ordinal);
            foreach (var (name, value) in wanted)
            {
                if (rows.TryGetValue(name, out var row))
                    row.ResourceValue = value;
                else
                    db.LocaleStringResources.Add(new LocaleStringResource { LanguageId = languageId, ResourceName = name, ResourceValue = value });
            }
        }
        else
        {
            // Only the missing ones: the names are enough, and nothing is tracked that will not change.
            var names = (await existing.Select(r => r.ResourceName).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, value) in wanted.Where(r => !names.Contains(r.Key)))
                db.LocaleStringResources.Add(new LocaleStringResource { LanguageId = languageId, ResourceName = name, ResourceValue = value });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static string Normalize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().ToLowerInvariant();
    }
}

public sealed class LanguageService(ShopDbContext db, ShopCache cache) : ILanguageService
{
    public async Task<IReadOnlyList<Language>> GetAllLanguagesAsync(bool showHidden = false)
    {
        var all = await cache.GetAsync("languages", db, async () =>
            (IReadOnlyList<Language>)await db.Languages.AsNoTracking().OrderBy(l => l.DisplayOrder).ThenBy(l => l.Id).ToListAsync());
        return showHidden ? all : all.Where(l => l.Published).ToList();
    }

    public async Task<Language?> GetLanguageByIdAsync(int languageId) =>
        (await GetAllLanguagesAsync(showHidden: true)).FirstOrDefault(l => l.Id == languageId);

    public async Task<Language?> GetLanguageByCultureAsync(string culture)
    {
        if (string.IsNullOrWhiteSpace(culture))
            return null;
        var all = await GetAllLanguagesAsync(showHidden: true);
        return all.FirstOrDefault(l => string.Equals(l.LanguageCulture, culture, StringComparison.OrdinalIgnoreCase))
            ?? all.FirstOrDefault(l => string.Equals(l.UniqueSeoCode, culture, StringComparison.OrdinalIgnoreCase));
    }
}
