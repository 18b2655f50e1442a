using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Settings;
using Shop.Web.Data;
using Shop.Web.Data.Entities;

namespace Shop.Web.Services.Settings;

/// <summary>
/// Settings stored as rows (key, value, store). Nothing is cached beyond the request's DbContext,
/// so every process sees the same values.
/// </summary>
public sealed class SettingService(ShopDbContext db) : ISettingService
{
    public async Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new()
    {
        var prefix = ClassPrefix<T>();
        var rows = await db.Settings.AsNoTracking()
            .Where(s => s.Name.StartsWith(prefix) && (s.StoreId == 0 || s.StoreId == storeId))
            .ToListAsync();
        var settings = new T();
        foreach (var property in SettingProperties<T>())
        {
            var key = prefix + property.Name.ToLowerInvariant();
            var row = rows.FirstOrDefault(r => r.Name == key && r.StoreId == storeId && storeId != 0)
                ?? rows.FirstOrDefault(r => r.Name == key && r.StoreId == 0);
            if (row is null)
                continue;
            if (SettingValueConverter.TryParse(row.Value, property.PropertyType, out var value))
                property.SetValue(settings, value);
        }
        return settings;
    }

    public async Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefix = ClassPrefix<T>();
        foreach (var property in SettingProperties<T>())
            await SetSettingAsync(prefix + property.Name, SettingValueConverter.Format(property.GetValue(settings)), storeId);
    }

    public async Task SaveSettingOverridablePerStoreAsync<T, TProperty>(T settings, Expression<Func<T, TProperty>> keySelector,
        bool overrideForStore, int storeId = 0) where T : ISettings, new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = GetSettingKey(keySelector);
        if (overrideForStore || storeId == 0)
        {
            var value = keySelector.Compile()(settings);
            await SetSettingAsync(key, SettingValueConverter.Format(value), storeId);
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

    public async Task<string?> GetSettingByKeyAsync(string key, int storeId = 0, bool loadSharedValueIfNotFound = true)
    {
        var name = NormalizeKey(key);
        var rows = await db.Settings.AsNoTracking()
            .Where(s => s.Name == name && (s.StoreId == storeId || s.StoreId == 0))
            .ToListAsync();
        var own = rows.FirstOrDefault(r => r.StoreId == storeId);
        if (own is not null)
            return own.Value;
        return loadSharedValueIfNotFound ? rows.FirstOrDefault(r => r.StoreId == 0)?.Value : null;
    }

    public async Task SetSettingAsync(string key, string value, int storeId = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
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

    private static string ClassPrefix<T>() => typeof(T).Name.ToLowerInvariant() + ".";

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return key.Trim().ToLowerInvariant();
    }

    private static IEnumerable<PropertyInfo> SettingProperties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0);
}
