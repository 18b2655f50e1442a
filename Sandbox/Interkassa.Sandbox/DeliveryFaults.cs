using System.Globalization;

namespace Interkassa.Sandbox;

/// <summary>The fault switches in force for one delivery: configured defaults, overridden per request.</summary>
public sealed record DeliveryFaults(int Duplicates, int DelayMs, bool DropFirst, bool Tamper, bool Live)
{
    /// <summary>Signed with a key that is neither the checkout's secret key nor its test key.</summary>
    public bool WrongKey { get; init; }

    /// <summary>Signed with the algorithm the checkout does not use (SHA-256 for an MD5 checkout and back).</summary>
    public bool WrongAlgorithm { get; init; }

    /// <summary>No attempt is sent at all (each is logged with <c>dropped: true</c>): the notification never arrives.</summary>
    public bool Drop { get; init; }

    /// <summary>Every attempt goes to <see cref="UnreachableUrl"/> instead of the interaction URL, as if the URL could not be reached.</summary>
    public bool Unreachable { get; init; }

    /// <summary>A loopback port nothing listens on (TCP port 1): connections are refused at once.</summary>
    public static readonly Uri UnreachableUrl = new("http://127.0.0.1:1/unreachable");

    public const int MaxDuplicates = 50;
    public const int MaxDelayMs = 600_000;

    public static DeliveryFaults FromOptions(SandboxFaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Math.Clamp(options.Duplicates, 1, MaxDuplicates), Math.Clamp(options.DelayMs, 0, MaxDelayMs), options.DropFirst, options.Tamper, options.Live)
        {
            WrongKey = options.WrongKey,
            WrongAlgorithm = options.WrongAlgorithm,
            Drop = options.Drop,
            Unreachable = options.Unreachable,
        };
    }

    /// <summary>
    /// Applies the optional form fields <c>duplicates</c>, <c>delayMs</c>, <c>dropFirst</c>, <c>tamper</c>, <c>live</c>,
    /// <c>wrongKey</c>, <c>wrongAlgorithm</c>, <c>drop</c>, <c>unreachable</c>.
    /// </summary>
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

        foreach (var name in new[] { "dropFirst", "tamper", "live", "wrongKey", "wrongAlgorithm", "drop", "unreachable" })
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
                "live" => result with { Live = on },
                "wrongKey" => result with { WrongKey = on },
                "wrongAlgorithm" => result with { WrongAlgorithm = on },
                "drop" => result with { Drop = on },
                _ => result with { Unreachable = on },
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
