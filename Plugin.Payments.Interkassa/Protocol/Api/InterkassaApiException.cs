namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>What went wrong talking to the REST API, told apart so an admin sees a wrong key, an unreachable API or an API error.</summary>
public enum InterkassaApiErrorKind
{
    /// <summary>HTTP 401 or code 401: the user id or API key is wrong.</summary>
    Unauthorized,

    /// <summary>The resource does not exist (envelope code 404, "not found", or HTTP 404).</summary>
    NotFound,

    /// <summary>No connection: refused, DNS failure, connection lost.</summary>
    Unreachable,

    /// <summary>No answer within the configured timeout.</summary>
    Timeout,

    /// <summary>The API answered with an error (any other code or HTTP status, e.g. 403 for a wrong account id).</summary>
    ApiError,

    /// <summary>A successful answer that is not the expected JSON.</summary>
    InvalidResponse,
}

/// <summary>The one exception the API client throws for the API's failures; carries the API's reply (keys redacted).</summary>
public sealed class InterkassaApiException : Exception
{
    public InterkassaApiException(
        InterkassaApiErrorKind kind,
        string message,
        int? httpStatus = null,
        int? apiCode = null,
        string? apiMessage = null,
        string? responseBody = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        HttpStatus = httpStatus;
        ApiCode = apiCode;
        ApiMessage = apiMessage;
        ResponseBody = responseBody;
    }

    public InterkassaApiErrorKind Kind { get; }

    public int? HttpStatus { get; }

    /// <summary>The envelope's <c>code</c>, when there was an envelope.</summary>
    public int? ApiCode { get; }

    /// <summary>The envelope's <c>message</c>, when there was one.</summary>
    public string? ApiMessage { get; }

    /// <summary>The start of the reply's body, with the API key redacted.</summary>
    public string? ResponseBody { get; }
}
