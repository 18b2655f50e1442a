using System.Linq.Expressions;

namespace Shop.Abstractions.Settings;

/// <summary>Per-store settings: a value stored for a store overrides the shared one (store 0).</summary>
public interface ISettingService
{
    /// <summary>Loads settings for a store, falling back to shared values and then to the class defaults.</summary>
    Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new();

    /// <summary>Saves every property for the store (0 = shared).</summary>
    Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new();

    /// <summary>
    /// Saves one property for <paramref name="storeId"/> when <paramref name="overrideForStore"/> (or storeId is 0);
    /// otherwise deletes the store's override so the shared value applies.
    /// </summary>
    Task SaveSettingOverridablePerStoreAsync<T, TProperty>(T settings, Expression<Func<T, TProperty>> keySelector,
        bool overrideForStore, int storeId = 0) where T : ISettings, new();

    /// <summary>Whether a value for this property is stored for exactly this store.</summary>
    Task<bool> SettingExistsAsync<T, TProperty>(T settings, Expression<Func<T, TProperty>> keySelector, int storeId = 0)
        where T : ISettings, new();

    /// <summary>Deletes every stored value of the class, for all stores.</summary>
    Task DeleteSettingAsync<T>() where T : ISettings, new();

    /// <summary>
    /// A single value by key (case-insensitive) converted to <typeparamref name="T"/> with the invariant culture; the
    /// shared value (store 0) when the store has none and <paramref name="loadSharedValueIfNotFound"/>;
    /// <paramref name="defaultValue"/> when nothing is stored or the text does not convert.
    /// </summary>
    Task<T> GetSettingByKeyAsync<T>(string key, T defaultValue = default!, int storeId = 0, bool loadSharedValueIfNotFound = false);

    /// <summary>
    /// Stores a single value by key (lower-cased), converted to text with the invariant culture. Every process reads
    /// settings through a cache that follows the database, so <paramref name="clearCache"/> changes nothing here.
    /// </summary>
    Task SetSettingAsync<T>(string key, T value, int storeId = 0, bool clearCache = true);

    /// <summary>The stored key for a property, e.g. "interkassasettings.checkoutid".</summary>
    string GetSettingKey<T, TProperty>(Expression<Func<T, TProperty>> keySelector) where T : ISettings, new();
}

/// <summary>
/// Addition to nopCommerce (optional, implemented by this store's <see cref="ISettingService"/>): deletes single keys
/// for every store at once. In nopCommerce: <c>GetAllSettingsAsync()</c> filtered by name, then <c>DeleteSettingsAsync(list)</c>.
/// </summary>
public interface ISettingPrefixDeletion
{
    /// <summary>Deletes every key that starts with <paramref name="prefix"/> (case-insensitive), for all stores.</summary>
    Task DeleteSettingsByPrefixAsync(string prefix);
}
