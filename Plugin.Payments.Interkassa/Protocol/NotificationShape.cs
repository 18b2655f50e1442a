namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>
/// The exact shape of the fields Interkassa sends in a notification. <c>ik_sign</c> covers only the values joined
/// with ':', so a string the store once signed (a payment form) could be re-cut into other fields with the same
/// joined value. Holding every known field to its format — none of them may hold a ':' except the two timestamps —
/// leaves no way to move a piece of a signed form into a notification field. Fields the store itself sent
/// (<c>ik_desc</c>, <c>ik_x_*</c>) are compared with what was sent by the Payments layer.
/// </summary>
public static class NotificationShape
{
    /// <summary>Why the field's value is not in Interkassa's format, or null when it is (or the field is not one this class knows).</summary>
    public static string? Check(string name, string value) => name switch
    {
        "ik_co_id" or "ik_pm_no" => IsWord(value, 1, name == "ik_co_id" ? 36 : 32) ? null : "is not 1 to 36 letters, digits, '_' or '-'",
        "ik_co_prs_id" or "ik_inv_id" => IsDigits(value, 1, 20) ? null : "is not a number",
        "ik_inv_st" => InvoiceStates.TryParse(value, out _) ? null : "is not a known invoice state",
        "ik_inv_crt" or "ik_inv_prc" => value.Length == 0 || IsTimestamp(value) ? null : "is not a time as yyyy-MM-dd HH:mm:ss",
        "ik_trn_id" => value.Length == 0 || IsToken(value, 128) ? null : "is not a transaction id",
        "ik_pw_via" => IsWord(value, 1, 64) ? null : "is not a payway alias",
        "ik_am" => IsAmount(value, 2) ? null : "is not an amount with at most 2 decimals",
        "ik_co_rfn" or "ik_ps_price" => value.Length == 0 || IsAmount(value, 4) ? null : "is not an amount with at most 4 decimals",
        "ik_cur" => value.Length == 3 && value.All(char.IsAsciiLetter) ? null : "is not a currency code",
        "ik_cli" => value.Length == 0 || PayerContact.IsPlain(value) ? null : "is not a plain e-mail address or phone number",
        "ik_p_card_mask" => value.Length <= 32 && value.All(c => char.IsAsciiDigit(c) || c is '*' or 'x' or 'X' or ' ' or '-') ? null : "is not a card mask",
        "ik_act" => IsWord(value, 1, 16) ? null : "is not an action name",
        UserIdField => value.Length == 0 || IsWord(value, 1, 64) ? null : "is not an account id",
        "ik_desc" => value.Any(char.IsControl) ? "holds control characters" : null,
        _ when name.StartsWith(InterkassaProtocol.CustomFieldPrefix, StringComparison.Ordinal) =>
            value.Any(char.IsControl) ? "holds control characters" : null,
        _ => null,
    };

    /// <summary>Whether Interkassa is known to send a field of this name (custom <c>ik_x_*</c> fields are the store's own).</summary>
    public static bool IsKnown(string name) => name switch
    {
        "ik_co_id" or "ik_co_prs_id" or "ik_inv_id" or "ik_inv_st" or "ik_inv_crt" or "ik_inv_prc" or "ik_trn_id" or "ik_pm_no"
            or "ik_pw_via" or "ik_am" or "ik_co_rfn" or "ik_ps_price" or "ik_cur" or "ik_desc" or "ik_cli" or "ik_p_card_mask"
            or "ik_act" or UserIdField or InterkassaProtocol.SignField => true,
        _ => name.StartsWith(InterkassaProtocol.CustomFieldPrefix, StringComparison.Ordinal),
    };

    /// <summary>A signed field seen in real notifications.</summary>
    public const string UserIdField = "_ik_x_user_id";

    private static bool IsWord(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static bool IsDigits(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(char.IsAsciiDigit);

    private static bool IsToken(string value, int max) =>
        value.Length <= max && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>
    /// A real calendar time written as <see cref="InterkassaProtocol.DateTimeFormat"/> (ASCII digits, fixed widths), what
    /// <c>DateTime.TryParseExact</c> with the invariant culture accepts. Checked by hand: that parser compares its
    /// literals through the culture machinery and cost more than every other check of a notification together.
    /// </summary>
    private static bool IsTimestamp(string value)
    {
        if (value.Length != 19 || value[4] != '-' || value[7] != '-' || value[10] != ' ' || value[13] != ':' || value[16] != ':')
            return false;
        if (!TryDigits(value, 0, 4, out var year) || !TryDigits(value, 5, 2, out var month) || !TryDigits(value, 8, 2, out var day)
            || !TryDigits(value, 11, 2, out var hour) || !TryDigits(value, 14, 2, out var minute) || !TryDigits(value, 17, 2, out var second))
        {
            return false;
        }
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static bool TryDigits(string value, int start, int length, out int number)
    {
        number = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
                return false;
            number = number * 10 + (value[i] - '0');
        }
        return true;
    }

    /// <summary>Digits, then optionally '.' and 1 to <paramref name="maxDecimals"/> digits.</summary>
    private static bool IsAmount(string value, int maxDecimals)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? value : value[..dot];
        var fraction = dot < 0 ? "" : value[(dot + 1)..];
        return IsDigits(whole, 1, 18) && (dot < 0 || IsDigits(fraction, 1, maxDecimals));
    }
}

/// <summary>The payer contact (<c>ik_cli</c>) as the store may sign it and Interkassa may echo it.</summary>
public static class PayerContact
{
    public const int MaxLength = 64;

    /// <summary>
    /// A plain address (letters, digits and <c>. _ % + -</c> before a single '@', a dotted host after) or a phone
    /// number (digits with an optional leading '+'). Quoted local parts, which RFC 5322 allows and which may hold
    /// ':', are never plain.
    /// </summary>
    public static bool IsPlain(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return value.Length >= 5 && (value[0] == '+' ? value.Length > 5 && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 : value.All(char.IsAsciiDigit));
        }

        var local = value[..at];
        var host = value[(at + 1)..];
        return local.Length > 0 && local.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-')
            && host.Length > 2 && host.Contains('.', StringComparison.Ordinal) && host[0] != '.' && host[^1] != '.'
            && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
    }
}
