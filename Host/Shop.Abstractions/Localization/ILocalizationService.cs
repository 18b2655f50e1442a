using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Localization;

/// <summary>Named UI strings per language; names are dotted and case-insensitive.</summary>
public interface ILocalizationService
{
    /// <summary>The string in the given (or working) language; falls back to the default language, then to the name itself.</summary>
    Task<string> GetResourceAsync(string resourceName, int? languageId = null);

    /// <summary>Adds or updates resources in one language, or in every language when <paramref name="languageId"/> is null.</summary>
    Task AddOrUpdateLocaleResourcesAsync(IDictionary<string, string> resources, int? languageId = null);

    /// <summary>Deletes every resource whose name starts with the prefix, in one or every language.</summary>
    Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null);

    /// <summary>Number of resources whose name starts with the prefix, in every language.</summary>
    Task<int> CountLocaleResourcesAsync(string resourceNamePrefix);

    /// <summary>
    /// Imports a nopCommerce language pack (<c>&lt;Language&gt;&lt;LocaleResource Name=…&gt;&lt;Value&gt;…</c>) into a language:
    /// new names are inserted, existing ones updated when <paramref name="updateExistingResources"/>.
    /// Throws <see cref="InvalidDataException"/> when the document is not a language pack.
    /// </summary>
    Task ImportResourcesFromXmlAsync(Language language, StreamReader xmlStreamReader, bool updateExistingResources = true);
}

/// <summary>Languages the store speaks.</summary>
public interface ILanguageService
{
    Task<IReadOnlyList<Language>> GetAllLanguagesAsync(bool showHidden = false);

    Task<Language?> GetLanguageByIdAsync(int languageId);

    /// <summary>By culture name ("ru-RU") or two-letter code ("ru").</summary>
    Task<Language?> GetLanguageByCultureAsync(string culture);
}
