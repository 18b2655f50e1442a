using System.Text;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>Values from a request, made safe to write into a log: no control character can start a forged line.</summary>
public static class LogText
{
    public const int MaxLength = 200;

    public static string? Clean(string? value)
    {
        if (value is null)
            return null;
        var builder = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, MaxLength)))
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? '?' : c);
        return value.Length > MaxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
