namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>A signed SCI request: post <see cref="Fields"/> to <see cref="Action"/> (HTML-encode every value).</summary>
public sealed class PaymentForm
{
    public PaymentForm(string action, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(fields);
        Action = action;
        Fields = fields;
    }

    public string Action { get; }

    /// <summary>The fields in a stable order, <c>ik_sign</c> last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
}
