using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>
/// The attacker's tool: every way to re-cut a signed payment form into notification fields with the same signed
/// string (values of the <c>ik_</c> fields ordered by name, joined with ':'), so the form's <c>ik_sign</c> still
/// verifies. Names are taken in ordinal order from Interkassa's notification fields, plus at most
/// <paramref name="unknownNames"/> invented names placed in any gap (an invented name can sort anywhere).
/// Values of known fields are kept only when they pass <see cref="NotificationShape"/> — anything else the
/// notification path refuses as malformed at once.
/// </summary>
internal static class FormRecutter
{
    private static readonly string[] NotificationNames =
    [
        "ik_am", "ik_cli", "ik_co_id", "ik_co_prs_id", "ik_co_rfn", "ik_cur", "ik_desc", "ik_inv_crt", "ik_inv_id", "ik_inv_prc",
        "ik_inv_st", "ik_p_card_mask", "ik_pm_no", "ik_ps_price", "ik_pw_via", "ik_trn_id", "ik_x_orderguid",
    ];

    public static string SignedString(IEnumerable<KeyValuePair<string, string>> form) =>
        string.Join(':', form.Where(f => f.Key.Contains("ik_", StringComparison.Ordinal) && f.Key != InterkassaProtocol.SignField)
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value));

    /// <summary>Candidate notifications (without ik_sign) claiming <c>ik_inv_st=success</c>; at most <paramref name="limit"/>.</summary>
    public static List<List<KeyValuePair<string, string>>> SuccessCandidates(string signedString, int unknownNames = 1, int limit = 10_000)
    {
        var tokens = signedString.Split(':');
        var results = new List<List<KeyValuePair<string, string>>>();
        if (!tokens.Contains("success"))
            return results; // no value anywhere can become the paid state
        Search(tokens, 0, 0, unknownNames, [], results, limit);
        return results;
    }

    private static void Search(string[] tokens, int next, int name, int unknownLeft, List<KeyValuePair<string, string>> fields,
        List<List<KeyValuePair<string, string>>> results, int limit)
    {
        if (results.Count >= limit)
            return;
        if (next == tokens.Length)
        {
            if (fields.Any(f => f.Key == "ik_inv_st"))
                results.Add([.. fields]);
            return;
        }

        for (var n = name; n < NotificationNames.Length; n++)
        {
            for (var end = next + 1; end <= tokens.Length; end++)
            {
                var value = string.Join(':', tokens[next..end]);
                if (NotificationShape.Check(NotificationNames[n], value) is not null)
                    continue;
                if (NotificationNames[n] == "ik_inv_st" && value != "success")
                    continue;
                fields.Add(new(NotificationNames[n], value));
                Search(tokens, end, n + 1, unknownLeft, fields, results, limit);
                fields.RemoveAt(fields.Count - 1);
            }
        }

        // An invented name sorted just after the last used one takes any run of tokens.
        if (unknownLeft > 0)
        {
            var previous = fields.Count == 0 ? "ik_" : fields[^1].Key;
            for (var end = next + 1; end <= tokens.Length; end++)
            {
                fields.Add(new(previous + "~", string.Join(':', tokens[next..end])));
                Search(tokens, end, name, unknownLeft - 1, fields, results, limit);
                fields.RemoveAt(fields.Count - 1);
            }
        }
    }
}
