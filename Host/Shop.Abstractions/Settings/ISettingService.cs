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

    /// <summary>A single value by key, with the store-then-shared fallback.</summary>
    Task<string?> GetSettingByKeyAsync(string key, int storeId = 0, bool loadSharedValueIfNotFound = true);

    /// <summary>Stores a single value by key (lower-cased).</summary>
    Task SetSettingAsync(string key, string value, int storeId = 0);

    /// <summary>Deletes every key that starts with <paramref name="prefix"/> (case-insensitive), for all stores.</summary>
    Task DeleteSettingsByPrefixAsync(string prefix);

    /// <summary>The stored key for a property, e.g. "interkassasettings.checkoutid".</summary>
    string GetSettingKey<T, TProperty>(Expression<Func<T, TProperty>> keySelector) where T : ISettings, new();
}
