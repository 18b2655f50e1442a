using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Settings;
using Shop.Web.Data;
using Shop.Web.Data.Entities;

namespace Shop.Web.Services.Settings;

/// <summary>
/// Settings stored as rows (key, value, store). Every row is read into <see cref="ShopCache"/> (one small table) and
/// served from memory; a save anywhere replaces the cache stamp, so every process sees it (this one at once).
/// </summary>
public sealed class SettingService(ShopDbContext db, ShopCache cache) : ISettingService, ISettingPrefixDeletion
{
    private const string CacheKey = "settings";

    public async Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new()
    {
        // Parsed once per class, store and version of the cached rows (a save anywhere drops them with the rows);
        // every call still gets an object of its own, which the caller may change and save.
        var parsed = await cache.GetAsync($"{CacheKey}/{typeof(T).FullName}/{storeId}", db,
            async () => ParsedSettings.Of<T>(await AllAsync(), storeId));
        // A plugin loaded again (a new version uploaded) brings a class of the same name that is another type.
        if (parsed.SettingsType != typeof(T))
            parsed = ParsedSettings.Of<T>(await AllAsync(), storeId);
        var settings = new T();
        parsed.CopyTo(settings);
        return settings;
    }

    public async Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefix = ClassPrefix<T>();
        foreach (var property in SettingProperties<T>())
            await SetTextAsync(prefix + property.Name, SettingValueConverter.Format(property.GetValue(settings)), storeId);
    }

    public async Task SaveSettingOverridablePerStoreAsync<T, TProperty>(T settings, Expression<Func<T, TProperty>> keySelector,
        bool overrideForStore, int storeId = 0) where T : ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = GetSettingKey(keySelector);
        if (overrideForStore || storeId == 0)
        {
            var value = keySelector.Compile()(settings);
            await SetTextAsync(key, SettingValueConverter.Format(value), storeId);
        }
        else
        {
            await db.Settings.Where(s => s.Name == key && s.StoreId == storeId).ExecuteDeleteAsync();
        }
    }

    public Task<bool> SettingExistsAsync<T, TProperty>(T settings, Expression<Func<T, TProperty>> keySelector, int storeId = 0)
        where T : ISettings, new()
    {
        var key = GetSettingKey(keySelector);
        return db.Settings.AnyAsync(s => s.Name == key && s.StoreId == storeId);
    }

    public async Task DeleteSettingAsync<T>() where T : ISettings, new()
    {
        var prefix = ClassPrefix<T>();
        await db.Settings.Where(s => s.Name.StartsWith(prefix)).ExecuteDeleteAsync();
    }

    public async Task<T> GetSettingByKeyAsync<T>(string key, T defaultValue = default!, int storeId = 0,
        bool loadSharedValueIfNotFound = false)
    {
        var name = NormalizeKey(key);
        var all = await AllAsync();
        if (!all.TryGetValue((name, storeId), out var stored) && !(loadSharedValueIfNotFound && all.TryGetValue((name, 0), out stored)))
            return defaultValue;
        return SettingValueConverter.TryParse(stored, typeof(T), out var value) && value is T typed ? typed : defaultValue;
    }

    public Task SetSettingAsync<T>(string key, T value, int storeId = 0, bool clearCache = true) =>
        SetTextAsync(key, SettingValueConverter.Format(value), storeId);

    private async Task SetTextAsync(string key, string value, int storeId)
    {
        var name = NormalizeKey(key);
        var updated = await db.Settings.Where(s => s.Name == name && s.StoreId == storeId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value));
        if (updated > 0)
            return;
        var row = new Setting { Name = name, Value = value, StoreId = storeId };
        db.Settings.Add(row);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another request inserted the same key in between: the unique index refused ours, so update theirs.
            db.Entry(row).State = EntityState.Detached;
            await db.Settings.Where(s => s.Name == name && s.StoreId == storeId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value));
        }
        finally
        {
            if (db.Entry(row).State != EntityState.Detached)
                db.Entry(row).State = EntityState.Detached;
        }
    }

    public async Task DeleteSettingsByPrefixAsync(string prefix)
    {
        var normalized = NormalizeKey(prefix);
        await db.Settings.Where(s => s.Name.StartsWith(normalized)).ExecuteDeleteAsync();
    }

    public string GetSettingKey<T, TProperty>(Expression<Func<T, TProperty>> keySelector) where T : ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        if (keySelector.Body is not MemberExpression { Member: PropertyInfo property })
            throw new ArgumentException("The selector must name a property, e.g. s => s.CheckoutId.", nameof(keySelector));
        return ClassPrefix<T>() + property.Name.ToLowerInvariant();
    }

    /// <summary>Every setting of every store by (lower-case name, store id).</summary>
    private Task<Dictionary<(string Name, int StoreId), string>> AllAsync() =>
        cache.GetAsync(CacheKey, db, async () => (await db.Settings.AsNoTracking().Select(s => new { s.Name, s.StoreId, s.Value }).ToListAsync())
            .ToDictionary(s => (s.Name, s.StoreId), s => s.Value));

    private static string ClassPrefix<T>() => typeof(T).Name.ToLowerInvariant() + ".";

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return key.Trim().ToLowerInvariant();
    }

    private static IEnumerable<PropertyInfo> SettingProperties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0);

    /// <summary>
    /// One settings class's stored values for one store (the store's own, else the shared one), parsed. Values of
    /// immutable types are parsed once and shared by every object made from them; anything else (a list, JSON) is
    /// parsed again for each object, so no two callers share a mutable value.
    /// </summary>
    private sealed class ParsedSettings(Type settingsType)
    {
        private readonly List<(PropertyInfo Property, object? Value)> _immutable = [];
        private readonly List<(PropertyInfo Property, string Text)> _mutable = [];

        public static ParsedSettings Of<T>(Dictionary<(string Name, int StoreId), string> all, int storeId) where T : ISettings, new()
        {
            var parsed = new ParsedSettings(typeof(T));
            var prefix = ClassPrefix<T>();
            foreach (var property in SettingProperties<T>())
            {
                var key = prefix + property.Name.ToLowerInvariant();
                if (!(storeId != 0 && all.TryGetValue((key, storeId), out var stored)) && !all.TryGetValue((key, 0), out stored))
                    continue;
                if (!SettingValueConverter.IsSimple(property.PropertyType))
                    parsed._mutable.Add((property, stored));
                else if (SettingValueConverter.TryParse(stored, property.PropertyType, out var value))
                    parsed._immutable.Add((property, value));
            }
            return parsed;
        }

        public Type SettingsType { get; } = settingsType;

        public void CopyTo(object settings)
        {
            foreach (var (property, value) in _immutable)
                property.SetValue(settings, value);
            foreach (var (property, text) in _mutable)
            {
                if (SettingValueConverter.TryParse(text, property.PropertyType, out var value))
                    property.SetValue(settings, value);
            }
        }
    }
}
