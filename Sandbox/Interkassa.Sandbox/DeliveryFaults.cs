using System.Globalization;

namespace Interkassa.Sandbox;

/// <summary>The fault switches in force for one delivery: configured defaults, overridden per request.</summary>
public sealed record DeliveryFaults(int Duplicates, int DelayMs, bool DropFirst, bool Tamper, bool Live)
{
    public const int MaxDuplicates = 50;
    public const int MaxDelayMs = 600_000;

    public static DeliveryFaults FromOptions(SandboxFaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Math.Clamp(options.Duplicates, 1, MaxDuplicates), Math.Clamp(options.DelayMs, 0, MaxDelayMs), options.DropFirst, options.Tamper, options.Live);
    }

    /// <summary>Applies the optional form fields <c>duplicates</c>, <c>delayMs</c>, <c>dropFirst</c>, <c>tamper</c>, <c>live</c>.</summary>
    public static DeliveryFaults Override(DeliveryFaults defaults, Func<string, string?> field, out string? error)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(field);
        error = null;
        var result = defaults;
        if (field("duplicates") is { Length: > 0 } duplicates)
        {
            if (!int.TryParse(duplicates, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxDuplicates)
            {
                error = $"duplicates: expected 1..{MaxDuplicates}";
                return defaults;
            }

            result = result with { Duplicates = n };
        }

        if (field("delayMs") is { Length: > 0 } delay)
        {
            if (!int.TryParse(delay, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > MaxDelayMs)
            {
                error = $"delayMs: expected 0..{MaxDelayMs}";
                return defaults;
            }

            result = result with { DelayMs = ms };
        }

        foreach (var name in new[] { "dropFirst", "tamper", "live" })
        {
            if (field(name) is not { Length: > 0 } text)
            {
                continue;
            }

            if (!TryParseSwitch(text, out var on))
            {
                error = $"{name}: expected true or false";
                return defaults;
            }

            result = name switch
            {
                "dropFirst" => result with { DropFirst = on },
                "tamper" => result with { Tamper = on },
                _ => result with { Live = on },
            };
        }

        return result;
    }

    private static bool TryParseSwitch(string text, out bool on)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "1" or "ON" or "YES":
                on = true;
                return true;
            case "FALSE" or "0" or "OFF" or "NO":
                on = false;
                return true;
            default:
                on = false;
                return false;
        }
    }
}
