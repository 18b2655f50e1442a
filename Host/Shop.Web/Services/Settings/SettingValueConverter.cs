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
            if (TryParseCommon(text, target, out value))
                return true;
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

    /// <summary>
    /// The types settings mostly hold, parsed as their TypeDescriptor converters parse invariant text (same styles), without
    /// the converter lookup: settings are read for every notification. Anything else, or text these do not accept, goes
    /// the general way.
    /// </summary>
    private static bool TryParseCommon(string text, Type target, out object? value)
    {
        value = null;
        if (target == typeof(bool) && bool.TryParse(text, out var flag))
            value = flag;
        else if (target == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            value = number;
        else if (target == typeof(decimal) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            value = amount;
        return value is not null;
    }

    /// <summary>Types stored as their invariant text (not JSON); all of them are immutable.</summary>
    internal static bool IsSimple(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(decimal) || target == typeof(string)
            || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(Guid) || target == typeof(TimeSpan);
    }
}
