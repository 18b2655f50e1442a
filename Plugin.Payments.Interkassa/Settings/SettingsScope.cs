using System.Linq.Expressions;
using System.Reflection;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>
/// Per-store override of individual settings ("override for this store" beside each field), by property
/// name, on top of the platform's typed per-property calls.
/// </summary>
public sealed class SettingsScope(ISettingService settingService)
{
    private static readonly MethodInfo SaveMethod = typeof(ISettingService).GetMethod(nameof(ISettingService.SaveSettingOverridablePerStoreAsync))!;
    private static readonly MethodInfo ExistsMethod = typeof(ISettingService).GetMethod(nameof(ISettingService.SettingExistsAsync))!;

    /// <summary>Stored properties of the settings class.</summary>
    public static IReadOnlyList<PropertyInfo> Properties { get; } =
        typeof(InterkassaSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite).ToList();

    /// <summary>Names of the properties that have a value of their own for <paramref name="storeId"/>.</summary>
    public async Task<HashSet<string>> GetOverriddenAsync(InterkassaSettings settings, int storeId)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        if (storeId == 0)
            return overridden;
        foreach (var property in Properties)
        {
            var task = (Task<bool>)ExistsMethod.MakeGenericMethod(typeof(InterkassaSettings), property.PropertyType)
                .Invoke(settingService, [settings, Selector(property), storeId])!;
            if (await task)
                overridden.Add(property.Name);
        }

        return overridden;
    }

    /// <summary>
    /// Saves for the shared scope (store 0) every property; for a store, the overridden ones, and removes
    /// the store's value of the others so the shared one applies again.
    /// </summary>
    public async Task SaveAsync(InterkassaSettings settings, int storeId, IReadOnlySet<string> overridden)
    {
        if (storeId == 0)
        {
            await settingService.SaveSettingAsync(settings);
            return;
        }

        foreach (var property in Properties)
        {
            await (Task)SaveMethod.MakeGenericMethod(typeof(InterkassaSettings), property.PropertyType)
                .Invoke(settingService, [settings, Selector(property), overridden.Contains(property.Name), storeId])!;
        }
    }

    private static LambdaExpression Selector(PropertyInfo property)
    {
        var parameter = Expression.Parameter(typeof(InterkassaSettings), "settings");
        return Expression.Lambda(Expression.Property(parameter, property), parameter);
    }
}
