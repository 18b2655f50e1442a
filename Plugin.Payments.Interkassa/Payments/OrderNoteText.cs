using System.Globalization;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>The plugin's order-note texts, in the order's language whoever triggers them.</summary>
public sealed class OrderNoteText(ILocalizationService localization)
{
    public async Task<string> TextAsync(Order order, string resource, params object?[] values)
    {
        var template = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource, order.CustomerLanguageId);
        return values.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, values);
    }
}
