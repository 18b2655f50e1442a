using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Shop.Web.Services.Settings;

/// <summary>Turns setting values into invariant text and back: simple types by their converters, the rest as JSON.</summary>
public static class SettingValueConverter
{
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f when IsSimple(value.GetType()) => f.ToString(null, CultureInfo.InvariantCulture),
        _ when IsSimple(value.GetType()) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        _ => JsonSerializer.Serialize(value, value.GetType()),
    };

    /// <summary>False when the stored text does not fit the type (the class default then stays).</summary>
    public static bool TryParse(string text, Type type, out object? value)
    {
        value = null;
        try
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (target == typeof(string))
            {
                value = text;
                return true;
            }
            if (text.Length == 0)
                return Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
            if (target.IsEnum)
            {
                value = Enum.Parse(target, text, ignoreCase: true);
                return true;
            }
            if (IsSimple(target))
            {
                value = TypeDescriptor.GetConverter(target).ConvertFromInvariantString(text);
                return true;
            }
            value = JsonSerializer.Deserialize(text, type);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static bool IsSimple(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(decimal) || target == typeof(string)
            || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(Guid) || target == typeof(TimeSpan);
    }
}
