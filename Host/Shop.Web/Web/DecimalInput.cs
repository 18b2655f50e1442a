using System.Globalization;

namespace Shop.Web.Web;

/// <summary>Reads an amount or rate typed by a person: "12.5" and "12,5" both mean twelve and a half; no thousands separators.</summary>
public static class DecimalInput
{
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 30)
            return false;
        var normalized = text.Trim().Replace(',', '.');
        return decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
