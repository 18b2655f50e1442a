using System.Globalization;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The plugin's order-note texts, in the order's language whoever triggers them; numbers in that language's way
/// («55,05» in Russian, «55.05» in English).
/// </summary>
public sealed class OrderNoteText(ILocalizationService localization, ILanguageService languages)
{
    public async Task<string> TextAsync(Order order, string resource, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(order);
        var template = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + resource, order.CustomerLanguageId);
        return values.Length == 0 ? template : string.Format(await CultureOfAsync(order.CustomerLanguageId), template, values);
    }

    private async Task<CultureInfo> CultureOfAsync(int languageId)
    {
        var language = await languages.GetLanguageByIdAsync(languageId);
        try
        {
            return language is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language.LanguageCulture);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}

/// <summary>
/// An amount in a note, written by the note's culture: to the cent as money is, or with every decimal it has when it
/// has more (Interkassa credits amounts such as 55.0475, and a note must not round what the shop was paid); «—» when unknown.
/// </summary>
public readonly record struct NoteAmount(decimal? Value) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (Value is not { } value)
            return "—";
        var exact = value.ToString("0.############################", CultureInfo.InvariantCulture);
        var dot = exact.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : exact.Length - dot - 1;
        return value.ToString("N" + Math.Max(2, decimals).ToString(CultureInfo.InvariantCulture), formatProvider);
    }

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
