using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly.Timeout;

namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>
/// A typed client for the REST API subset the plugin needs. Credentials travel with each call (they are
/// per store), so one registered instance serves every store. Every failure surfaces as
/// <see cref="InterkassaApiException"/>; a cancellation by the caller stays an <see cref="OperationCanceledException"/>.
/// Timeout and retries come from the plugin's registration (InterkassaApiClientRegistration.AddInterkassaApiClient).
/// </summary>
public sealed class InterkassaApiClient
{
    public const string AccountIdHeader = "Ik-Api-Account-Id";

    private const int MaxBodyInException = 4096;
    private const string Redacted = "****";

    private readonly HttpClient _httpClient;

    public InterkassaApiClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
    }

    /// <summary><c>GET account</c>: the accounts the API user can act for (no account header).</summary>
    public Task<IReadOnlyList<ApiAccount>> GetAccountsAsync(InterkassaApiCredentials credentials, CancellationToken cancellationToken) =>
        SendAsync(credentials, HttpMethod.Get, "account", content: null, privateResource: false,
            data => ApiJson.ReadList(data, ApiJson.ReadAccount), cancellationToken);

    /// <summary><c>GET checkout/{id}</c>.</summary>
    public Task<ApiCheckout> GetCheckoutAsync(InterkassaApiCredentials credentials, string checkoutId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkoutId);
        return SendAsync(credentials, HttpMethod.Get, "checkout/" + Uri.EscapeDataString(checkoutId), content: null, privateResource: true,
            data => ApiJson.ReadCheckout(ApiJson.Single(data, "_id"), null), cancellationToken);
    }

    /// <summary><c>GET co-invoice</c> for a checkout and a creation window (sent as <c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    public Task<IReadOnlyList<ApiInvoice>> GetInvoicesAsync(
        InterkassaApiCredentials credentials, string checkoutId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkoutId);
        if (fromUtc > toUtc)
        {
            throw new ArgumentException("The window starts after it ends.", nameof(fromUtc));
        }

        var query = string.Create(CultureInfo.InvariantCulture,
            $"co-invoice?checkoutId={Uri.EscapeDataString(checkoutId)}&fromDate={Uri.EscapeDataString(FormatDate(fromUtc))}&toDate={Uri.EscapeDataString(FormatDate(toUtc))}");
        return SendAsync(credentials, HttpMethod.Get, query, content: null, privateResource: true,
            data => ApiJson.ReadList(data, ApiJson.ReadInvoice), cancellationToken);
    }

    /// <summary><c>GET co-invoice/{id}</c>.</summary>
    public Task<ApiInvoice> GetInvoiceAsync(InterkassaApiCredentials credentials, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(invoiceId);
        return SendAsync(credentials, HttpMethod.Get, "co-invoice/" + Uri.EscapeDataString(invoiceId), content: null, privateResource: true,
            data => ApiJson.ReadInvoice(ApiJson.Single(data, "id"), null), cancellationToken);
    }

    /// <summary><c>POST refund</c> (form <c>id</c>, <c>amount</c>, <c>description</c>). Never retried: a repeat could refund twice.</summary>
    public Task<ApiRefund> RefundAsync(
        InterkassaApiCredentials credentials, string invoiceId, decimal amount, string? description, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(invoiceId);
        if (amount <= 0 || decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A refund amount is greater than zero with at most two decimals.");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("id", invoiceId),
            new("amount", amount.ToString("0.00", CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(description))
        {
            form.Add(new("description", description));
        }

        return SendAsync(credentials, HttpMethod.Post, "refund", new FormUrlEncodedContent(form), privateResource: true,
            data => ApiJson.ReadRefund(ApiJson.Single(data, "id"), null), cancellationToken);
    }

    // The window is UTC; a local time is converted rather than sent as if it were UTC.
    private static string FormatDate(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(InterkassaProtocol.DateTimeFormat, CultureInfo.InvariantCulture);

    private async Task<T> SendAsync<T>(
        InterkassaApiCredentials credentials,
        HttpMethod method,
        string relativeUrl,
        HttpContent? content,
        bool privateResource,
        Func<JsonElement, T> readData,
        CancellationToken cancellationToken)
    {
        using var request = CreateRequest(credentials, method, relativeUrl, content, privateResource);
        var what = $"{method} {relativeUrl.Split('?')[0]}";

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            // HttpClient.Timeout surfaces as a TaskCanceledException, the resilience pipeline's as TimeoutRejectedException.
            throw new InterkassaApiException(InterkassaApiErrorKind.Timeout, $"The Interkassa API did not answer {what} in time.", innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new InterkassaApiException(
                InterkassaApiErrorKind.Unreachable, $"The Interkassa API could not be reached for {what} ({ex.HttpRequestError}).", innerException: ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Interpret(response.StatusCode, body, credentials, what, readData);
        }
    }

    private static HttpRequestMessage CreateRequest(
        InterkassaApiCredentials credentials, HttpMethod method, string relativeUrl, HttpContent? content, bool privateResource)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(credentials.UserId);
        ArgumentException.ThrowIfNullOrEmpty(credentials.ApiKey);
        if (privateResource && string.IsNullOrEmpty(credentials.AccountId))
        {
            throw new ArgumentException("This resource needs the business account id (see GetAccountsAsync).", nameof(credentials));
        }

        var baseUrl = credentials.BaseUrl.EndsWith('/') ? credentials.BaseUrl : credentials.BaseUrl + "/";
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri))
        {
            throw new ArgumentException("The API base URL is not an absolute URL.", nameof(credentials));
        }

        var request = new HttpRequestMessage(method, new Uri(baseUri, relativeUrl)) { Content = content };
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserId}:{credentials.ApiKey}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (privateResource)
        {
            request.Headers.Add(AccountIdHeader, credentials.AccountId);
        }

        return request;
    }

    private static T Interpret<T>(HttpStatusCode status, string body, InterkassaApiCredentials credentials, string what, Func<JsonElement, T> readData)
    {
        var httpStatus = (int)status;
        var safeBody = Redact(body, credentials);
        if (safeBody.Length > MaxBodyInException)
        {
            safeBody = safeBody[..MaxBodyInException];
        }

        JsonDocument? document = null;
        try
        {
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                // Not JSON: decided below from the HTTP status alone.
            }

            var envelope = Envelope.Read(document?.RootElement);
            var apiMessage = envelope.Message is null ? null : Redact(envelope.Message, credentials);

            if (httpStatus is < 200 or > 299 || envelope.IsError)
            {
                var kind = httpStatus == 401 || envelope.Code == 401 ? InterkassaApiErrorKind.Unauthorized
                    : httpStatus == 404 || envelope.Code == 404 || apiMessage?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true
                        ? InterkassaApiErrorKind.NotFound
                        : InterkassaApiErrorKind.ApiError;
                var message = $"The Interkassa API refused {what}: HTTP {httpStatus}"
                    + (envelope.Code is { } code ? $", code {code}" : string.Empty)
                    + (apiMessage is null ? "." : $", \"{apiMessage}\".");
                throw new InterkassaApiException(kind, message, httpStatus, envelope.Code, apiMessage, safeBody);
            }

            if (!envelope.IsOk || envelope.Data is not { } data)
            {
                throw new InterkassaApiException(
                    InterkassaApiErrorKind.InvalidResponse, $"The Interkassa API's answer to {what} is not a success envelope with data.", httpStatus, envelope.Code, apiMessage, safeBody);
            }

            try
            {
                return readData(data);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                throw new InterkassaApiException(
                    InterkassaApiErrorKind.InvalidResponse, $"The Interkassa API's answer to {what} is not as expected: {ex.Message}", httpStatus, envelope.Code, apiMessage, safeBody, ex);
            }
        }
        finally
        {
            document?.Dispose();
        }
    }

    // The API has no reason to echo the key, but an error page or a proxy might: never let it reach a log.
    private static string Redact(string text, InterkassaApiCredentials credentials)
    {
        if (credentials.ApiKey.Length > 0)
        {
            text = text.Replace(credentials.ApiKey, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The <c>{status, code, data, message}</c> wrapper; success is code 0 (and status "ok" when present).</summary>
    private readonly record struct Envelope(string? Status, int? Code, string? Message, JsonElement? Data)
    {
        public bool IsOk => (Code ?? 0) == 0 && (Status is null || string.Equals(Status, "ok", StringComparison.OrdinalIgnoreCase)) && (Code is not null || Status is not null);

        public bool IsError => (Code is { } code && code != 0) || string.Equals(Status, "error", StringComparison.OrdinalIgnoreCase);

        public static Envelope Read(JsonElement? root)
        {
            if (root is not { ValueKind: JsonValueKind.Object } envelope)
            {
                return default;
            }

            string? status = envelope.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            int? code = envelope.TryGetProperty("code", out var c)
                ? c.ValueKind switch
                {
                    JsonValueKind.Number when c.TryGetInt32(out var n) => n,
                    JsonValueKind.String when int.TryParse(c.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
                    _ => null,
                }
                : null;
            string? message = envelope.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            JsonElement? data = envelope.TryGetProperty("data", out var d) ? d : null;
            return new Envelope(status, code, message, data);
        }
    }
}
