using System.Globalization;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The journal's "what happened" text. The plugin's own verdicts are stored as a resource name and its values
/// (<c>@Name|v1|v2</c>), so the journal page shows them in the admin's language; texts from outside (the protocol
/// parser, the web layer) are stored and shown as they are.
/// </summary>
public static class JournalDetail
{
    private const char Marker = '@';
    private const char Separator = '|';

    public static string Of(string resource, params object?[] values) =>
        Marker + resource + string.Concat(values.Select(v => Separator + Clean(v)));

    /// <summary>The text to show: a stored resource reference in the working language, anything else unchanged.</summary>
    public static async Task<string> RenderAsync(string detail, ILocalizationService localization)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(localization);
        if (detail.Length < 2 || detail[0] != Marker)
            return detail;
        var parts = detail[1..].Split(Separator);
        var template = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Journal.Details." + parts[0]);
        try
        {
            return string.Format(CultureInfo.InvariantCulture, template, parts[1..]);
        }
        catch (FormatException)
        {
            return detail;
        }
    }

    private static string Clean(object? value) =>
        (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").Replace(Separator, '/');
}
