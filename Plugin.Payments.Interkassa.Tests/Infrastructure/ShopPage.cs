using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Reading store pages as a browser would: fetch and parse with AngleSharp, then submit a form with every field it
/// holds (the antiforgery token included) plus the values a test types in.
/// </summary>
public static class ShopPage
{
    /// <summary>Parses a response body; the document's URL is the request's, so relative links resolve.</summary>
    public static async Task<IHtmlDocument> ParseHtmlAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/";
        return (IHtmlDocument)await context.OpenAsync(request => request.Content(html).Address(address));
    }

    /// <summary>GETs a page that must answer 200 and parses it.</summary>
    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}, not 200.");
        return await ParseHtmlAsync(response);
    }

    /// <summary>The value of the antiforgery token in the page's first form that has one.</summary>
    public static string GetAntiforgeryToken(IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The page has no antiforgery token.");
    }

    /// <summary>GETs a page and returns its antiforgery token (the cookie half stays in the client).</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string path) => GetAntiforgeryToken(await GetAsync(client, path));

    /// <summary>Submits the first form matching <paramref name="formSelector"/> with its own fields overridden by <paramref name="values"/>.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlDocument page, string formSelector,
        IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"The page {page.Url} has no form matching '{formSelector}'.");
        return SubmitAsync(client, form, values);
    }

    /// <summary>Submits a form element: its hidden and filled fields (checked boxes, selected options) plus <paramref name="values"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || (values?.ContainsKey(name) ?? false))
                continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked:
                case IHtmlInputElement { Type: "file" or "submit" or "button" }:
                case IHtmlButtonElement:
                    continue;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }
        if (values is not null)
            fields.AddRange(values);

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(form.Owner!.Url) : new Uri(new Uri(form.Owner!.Url), action);
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        if (method == "GET")
        {
            var query = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
            return await client.GetAsync(new UriBuilder(target) { Query = query }.Uri);
        }
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(target, content);
    }

    /// <summary>Follows a redirect response with a GET and parses the page it leads to.</summary>
    public static async Task<IHtmlDocument> FollowAsync(HttpClient client, HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(redirect);
        if (redirect.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb))
            throw new InvalidOperationException($"Expected a redirect, got {(int)redirect.StatusCode}.");
        var location = redirect.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(redirect.RequestMessage!.RequestUri!, location);
        using var response = await client.GetAsync(target);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {target} answered {(int)response.StatusCode}, not 200.");
        return await ParseHtmlAsync(response);
    }

    /// <summary>The trimmed text of the first element matching a selector, or null.</summary>
    public static string? Text(IParentNode page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector(selector)?.TextContent.Trim();
    }
}
