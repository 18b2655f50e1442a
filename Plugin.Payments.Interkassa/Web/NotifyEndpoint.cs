using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Payments;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Web;

/// <summary>
/// Interkassa's notification ("interaction") endpoint. Thin: read the body within limits, hand it to the processor,
/// answer what it decided. A plain endpoint rather than a controller: a machine calls it, in bursts, and it needs
/// nothing of MVC (no model binding, views, filters or antiforgery — the signature is the check). It is still a plugin
/// endpoint: 404 while the plugin is not installed, 503 when the database fails, the per-address flood limit.
/// </summary>
public sealed class NotifyEndpoint : IRouteProvider
{
    public int Priority => 0;

    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder) =>
        endpointRouteBuilder.MapMethods("/" + InterkassaDefaults.NotifyPath, [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .RequireRateLimiting(InterkassaDefaults.NotifyRateLimitPolicy);

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var isGet = HttpMethods.IsGet(request.Method);
        var (raw, malformed) = isGet ? (request.QueryString.Value?.TrimStart('?') ?? "", null) : await ReadBodyAsync(request, cancellationToken);
        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL cannot store a NUL in text: the journal keeps a visible stand-in, the delivery is malformed.
            raw = raw.Replace('\0', '\uFFFD');
            malformed ??= "The body holds a NUL byte.";
        }

        var fields = malformed is null ? Decode(raw, out malformed) : null;
        var delivery = new NotificationDelivery(fields, raw, isGet, context.Connection.RemoteIpAddress?.ToString(), malformed);

        var answer = await context.RequestServices.GetRequiredService<NotificationProcessor>().ProcessAsync(delivery, cancellationToken);
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(answer.Body, cancellationToken);
    }

    /// <summary>Reads a form-encoded body of at most <see cref="InterkassaDefaults.MaxNotificationBytes"/>.</summary>
    private static async Task<(string Raw, string? Malformed)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return ("", $"Content type '{request.ContentType}' is not application/x-www-form-urlencoded.");
        if (request.ContentLength > InterkassaDefaults.MaxNotificationBytes)
            return ("", $"Body of {request.ContentLength} bytes exceeds {InterkassaDefaults.MaxNotificationBytes}.");

        // One byte more than allowed tells a body that is too long; the buffer is borrowed, not allocated per delivery.
        var limit = InterkassaDefaults.MaxNotificationBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var length = 0;
            int read;
            while (length < limit && (read = await request.Body.ReadAsync(buffer.AsMemory(length, limit - length), cancellationToken)) > 0)
                length += read;
            if (length > InterkassaDefaults.MaxNotificationBytes)
                return ("", $"Body exceeds {InterkassaDefaults.MaxNotificationBytes} bytes.");
            return (Encoding.UTF8.GetString(buffer, 0, length), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
