namespace Shop.Abstractions.Payments;

/// <summary>
/// Addition to nopCommerce (there a plugin writes the response itself). How the store sends a buyer to a payment system after the order is saved: a plain redirect,
/// or a form the store renders HTML-encoded and submits automatically (with a visible button
/// for browsers without script).
/// </summary>
public sealed class PaymentHandoff
{
    private PaymentHandoff(string url, string? formMethod, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Url = url;
        FormMethod = formMethod;
        Fields = fields;
    }

    /// <summary>Redirect target, or the form's action.</summary>
    public string Url { get; }

    /// <summary>"post" or "get" for a form; null for a redirect.</summary>
    public string? FormMethod { get; }

    /// <summary>Form fields in order; empty for a redirect.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public bool IsForm => FormMethod is not null;

    public static PaymentHandoff Redirect(string url) => new(url, null, []);

    public static PaymentHandoff PostForm(string action, IReadOnlyList<KeyValuePair<string, string>> fields) =>
        new(action, "post", fields);
}
