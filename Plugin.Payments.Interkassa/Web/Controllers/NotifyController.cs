using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Plugin.Payments.Interkassa.Payments;

namespace Plugin.Payments.Interkassa.Web.Controllers;

/// <summary>
/// Interkassa's notification ("interaction") endpoint. Thin: read the body within limits, hand it to
/// the processor, answer what it decided. No antiforgery: the caller is Interkassa, the signature is the check.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(InterkassaDefaults.NotifyRateLimitPolicy)]
public sealed class NotifyController(NotificationProcessor processor) : Controller
{
    [HttpPost("/" + InterkassaDefaults.NotifyPath)]
    [HttpGet("/" + InterkassaDefaults.NotifyPath)]
    public async Task<IActionResult> Notify()
    {
        // No bound parameters, not even a CancellationToken: any would make MVC read the form first, and the raw body is needed.
        var cancellationToken = HttpContext.RequestAborted;
        var isGet = HttpMethods.IsGet(Request.Method);
        var (raw, malformed) = isGet ? (Request.QueryString.Value?.TrimStart('?') ?? "", null) : await ReadBodyAsync(cancellationToken);
        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL cannot store a NUL in text: the journal keeps a visible stand-in, the delivery is malformed.
            raw = raw.Replace('\0', '\uFFFD');
            malformed ??= "The body holds a NUL byte.";
        }

        var fields = malformed is null ? Decode(raw, out malformed) : null;
        var delivery = new NotificationDelivery(fields, raw, isGet, HttpContext.Connection.RemoteIpAddress?.ToString(), malformed);

        var answer = await processor.ProcessAsync(delivery, cancellationToken);
        return new ContentResult { StatusCode = answer.StatusCode, Content = answer.Body, ContentType = "text/plain; charset=utf-8" };
    }

    /// <summary>Reads a form-encoded body of at most <see cref="InterkassaDefaults.MaxNotificationBytes"/>.</summary>
    private async Task<(string Raw, string? Malformed)> ReadBodyAsync(CancellationToken cancellationToken)
    {
        if (!Request.HasFormContentType || Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return ("", $"Content type '{Request.ContentType}' is not application/x-www-form-urlencoded.");
        if (Request.ContentLength > InterkassaDefaults.MaxNotificationBytes)
            return ("", $"Body of {Request.ContentLength} bytes exceeds {InterkassaDefaults.MaxNotificationBytes}.");

        var buffer = new byte[InterkassaDefaults.MaxNotificationBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        if (length > InterkassaDefaults.MaxNotificationBytes)
            return ("", $"Body exceeds {InterkassaDefaults.MaxNotificationBytes} bytes.");
        return (Encoding.UTF8.GetString(buffer, 0, length), null);
    }

    /// <summary>Decodes form fields in their order; a name given twice makes the delivery malformed.</summary>
    private static List<KeyValuePair<string, string>>? Decode(string raw, out string? malformed)
    {
        malformed = null;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(raw))
        {
            if (values.Count != 1)
            {
                malformed = $"Field '{name}' appears {values.Count} times.";
                return null;
            }

            var value = values[0] ?? "";
            if (name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                malformed = $"Field '{name.Replace('\0', '?')}' holds a NUL character.";
                return null;
            }

            fields.Add(new(name, value));
        }

        return fields;
    }
}
