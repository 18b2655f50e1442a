using System.Text;

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

    /// <summary>The same request as a GET link, which Interkassa accepts as well.</summary>
    public Uri ToGetUrl()
    {
        var builder = new StringBuilder(Action);
        var separator = Action.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var field in Fields)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(field.Key)).Append('=').Append(Uri.EscapeDataString(field.Value));
            separator = '&';
        }

        return new Uri(builder.ToString(), UriKind.Absolute);
    }
}
