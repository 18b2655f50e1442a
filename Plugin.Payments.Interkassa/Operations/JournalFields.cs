namespace Plugin.Payments.Interkassa.Operations;

/// <summary>Decodes a journaled body for display, with <c>ik_sign</c> shortened.</summary>
public static class JournalFields
{
    /// <summary>How much of <c>ik_sign</c> is shown: enough to compare, not enough to reuse.</summary>
    public const int SignatureShownChars = 6;

    /// <summary>The fields of a form-encoded body in their order; undecodable escapes are shown as received.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Decode(string? body) => Decode(body, shortenSignature: true);

    /// <summary>The fields with <c>ik_sign</c> whole, to verify again (the setup assistant's diagnosis); never for display.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> DecodeForVerification(string? body) => Decode(body, shortenSignature: false);

    private static IReadOnlyList<KeyValuePair<string, string>> Decode(string? body, bool shortenSignature)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(body))
            return fields;
        foreach (var pair in body.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            fields.Add(new(name, shortenSignature && name == Protocol.InterkassaProtocol.SignField ? Shorten(value) : value));
        }

        return fields;
    }

    /// <summary>The first <see cref="SignatureShownChars"/> characters and "…".</summary>
    public static string Shorten(string value) =>
        value.Length == 0 ? "" : value[..Math.Min(SignatureShownChars, value.Length)] + "…";

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
