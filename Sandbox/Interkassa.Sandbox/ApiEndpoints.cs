using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary>The subset of Interkassa's REST API the plugin uses (account, checkouts, invoices, refunds) under <c>{prefix}/v1/</c>, answering from the sandbox's own invoices.</summary>
internal static partial class ApiEndpoints
{
    public const string AccountHeader = "Ik-Api-Account-Id";
    private const string UserItem = "Interkassa.Sandbox.ApiUser";

    [GeneratedRegex("^[0-9]{1,12}(\\.[0-9]{1,2})?$")]
    private static partial Regex AmountPattern();

    public static void Map(RouteGroupBuilder api)
    {
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var faults = http.RequestServices.GetRequiredService<ApiFaultSwitch>();
            if (faults.TryConsume(http.Request.Path.Value ?? "", out var status))
            {
                return Envelope(ApiEnvelope.Error(status, "Service temporarily unavailable (sandbox fault)"), status);
            }

            var options = http.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var user = Authenticate(http.Request, options);
            if (user is null)
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Interkassa sandbox API\"";
                return Envelope(ApiEnvelope.Error(401, "Unauthorized"), StatusCodes.Status401Unauthorized);
            }

            http.Items[UserItem] = user;
            return await next(context).ConfigureAwait(false);
        });

        api.MapGet("/account", (HttpContext http) =>
        {
            var user = User(http);
            var accounts = new Dictionary<string, ApiAccount>(StringComparer.Ordinal)
            {
                [user.AccountId] = new(user.AccountId, "b", "Demo business"),
            };
            // A personal account too, so that clients must pick the business one by tp.
            accounts.TryAdd(user.UserId, new(user.UserId, "p", "Demo personal"));
            return Ok(accounts);
        });

        api.MapGet("/checkout", (HttpContext http, IOptions<SandboxOptions> options) =>
            Private(http) ?? Ok(options.Value.Checkouts.ToDictionary(c => c.Id, c => new ApiCheckout(c.Id, c.Name), StringComparer.Ordinal)));

        api.MapGet("/checkout/{id}", (string id, HttpContext http, IOptions<SandboxOptions> options) =>
            Private(http) ?? (options.Value.FindCheckout(id) is { } c
                ? Ok(new ApiCheckout(c.Id, c.Name))
                : Error(404, "Checkout not found")));

        api.MapGet("/co-invoice", (HttpContext http, IOptions<SandboxOptions> options, SandboxStore store) =>
            Private(http) ?? ListInvoices(http.Request, options.Value, store));

        api.MapGet("/co-invoice/{id}", (string id, HttpContext http, SandboxStore store) =>
            Private(http) ?? (store.FindInvoice(id) is { } snapshot
                ? Ok(ApiInvoice.From(snapshot.Invoice))
                : Error(404, "Invoice not found")));

        api.MapPost("/refund", async (HttpContext http, SandboxStore store) =>
            Private(http) ?? await RefundAsync(http, store).ConfigureAwait(false));
    }

    private static IResult ListInvoices(HttpRequest request, SandboxOptions options, SandboxStore store)
    {
        var checkoutId = request.Query["checkoutId"].ToString();
        if (checkoutId.Length > 0 && options.FindCheckout(checkoutId) is null)
        {
            return Error(404, "Checkout not found");
        }

        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        foreach (var name in new[] { "fromDate", "toDate" })
        {
            var text = request.Query[name].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            if (!IkFormat.TryParseTime(text, out var value))
            {
                return Error(400, $"{name}: expected {IkFormat.TimeFormat}");
            }

            if (name == "fromDate")
            {
                from = value;
            }
            else
            {
                to = value;
            }
        }

        var list = store.ListInvoices(i =>
        {
            // The window is in whole seconds, like the filter's format.
            var created = i.Created.AddTicks(-(i.Created.Ticks % TimeSpan.TicksPerSecond));
            return (checkoutId.Length == 0 || i.CheckoutId == checkoutId)
                && (from is null || created >= from)
                && (to is null || created <= to);
        });
        return Ok(list.ToDictionary(s => s.Invoice.Id, s => ApiInvoice.From(s.Invoice), StringComparer.Ordinal));
    }

    private static async Task<IResult> RefundAsync(HttpContext http, SandboxStore store)
    {
        var form = await FormFields.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var id = form.GetValueOrDefault("id") ?? "";
        var amountText = form.GetValueOrDefault("amount") ?? "";
        if (id.Length == 0)
        {
            return Error(400, "id: required");
        }

        if (!AmountPattern().IsMatch(amountText)
            || !decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return Error(400, "amount: expected digits with a dot and at most 2 decimals");
        }

        var outcome = store.Refund(id, amount, form.GetValueOrDefault("description"));
        return outcome.Refund is { } refund && outcome.Invoice is { } invoice
            ? Ok(new ApiRefund(refund.Id, invoice.Id, IkFormat.Money(refund.Amount), invoice.ApiState))
            : Error(outcome.ErrorCode, outcome.Error ?? "Refund refused");
    }

    /// <summary>Private resources need the business account id in <c>Ik-Api-Account-Id</c>; null when it is there.</summary>
    private static IResult? Private(HttpContext http)
    {
        var user = User(http);
        var account = http.Request.Headers[AccountHeader].ToString();
        if (account.Length == 0)
        {
            return Error(403, $"Header {AccountHeader} is required for this resource");
        }

        return string.Equals(account, user.AccountId, StringComparison.Ordinal)
            ? null
            : Error(403, "Account not found or access denied");
    }

    private static SandboxApiUserOptions? Authenticate(HttpRequest request, SandboxOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var userId = credentials[..colon];
        var key = Encoding.UTF8.GetBytes(credentials[(colon + 1)..]);
        var user = options.ApiUsers.Find(u => string.Equals(u.UserId, userId, StringComparison.Ordinal));
        return user is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.ApiKey), key) ? user : null;
    }

    private static SandboxApiUserOptions User(HttpContext http) => (SandboxApiUserOptions)http.Items[UserItem]!;

    private static IResult Ok(object data) => Envelope(ApiEnvelope.Ok(data), StatusCodes.Status200OK);

    /// <summary>Application errors travel in a 200 envelope, as Interkassa's API does.</summary>
    private static IResult Error(int code, string message) => Envelope(ApiEnvelope.Error(code, message), StatusCodes.Status200OK);

    private static IResult Envelope(ApiEnvelope envelope, int status) => Results.Json(envelope, SandboxJson.Options, statusCode: status);
}
