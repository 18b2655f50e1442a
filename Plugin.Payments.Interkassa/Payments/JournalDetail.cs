using System.Globalization;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The journal's "what happened" text. Verdicts of every layer (the protocol parser's codes included) are stored as
/// a resource name and its values (<c>@Name|v1|v2</c>), so the journal page shows them in the admin's language; a
/// value may itself name a resource (<c>$States.success</c>, see <see cref="State"/>). Older rows stored as plain
/// text are shown as they are.
/// </summary>
public static class JournalDetail
{
    private const char Marker = '@';
    private const char Separator = '|';
    private const char ResourceValue = '$';

    /// <summary>An invoice state as a value of a detail: shown as the state's name in the admin's language.</summary>
    public static string State(Protocol.InvoiceState state) => ResourceValue + "States." + Protocol.InvoiceStates.ToWire(state);

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
        var values = parts[1..];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length > 1 && values[i][0] == ResourceValue)
                values[i] = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "Journal." + values[i][1..]);
        }
        try
        {
            return string.Format(CultureInfo.InvariantCulture, template, values);
        }
        catch (FormatException)
        {
            return detail;
        }
    }

    private static string Clean(object? value) =>
        (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").Replace(Separator, '/');
}
