namespace Interkassa.Sandbox;

/// <summary>Reads request fields: the form body of a form POST, otherwise the query string.</summary>
public static class FormFields
{
    /// <summary>A repeated field keeps its last value, as PHP (Interkassa's side) reads forms.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (name, values) in form)
            {
                result[name] = values.Count > 0 ? values[^1] ?? "" : "";
            }
        }
        else
        {
            foreach (var (name, values) in request.Query)
            {
                result[name] = values.Count > 0 ? values[^1] ?? "" : "";
            }
        }

        return result;
    }

    /// <summary>Adds fields to a URL's query string, keeping the query it already has.</summary>
    public static Uri AppendQuery(Uri url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(fields);
        var query = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        var builder = new UriBuilder(url);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query : existing + "&" + query;
        return builder.Uri;
    }
}
