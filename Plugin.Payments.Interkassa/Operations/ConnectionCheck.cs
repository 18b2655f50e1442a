using Plugin.Payments.Interkassa.Protocol.Api;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>What "Test connection" found; each has its own "what to do next" text (<c>Connection.&lt;Outcome&gt;</c>).</summary>
public enum ConnectionOutcome
{
    Ok,

    /// <summary>The API user id, key or URL (or the checkout id) is empty.</summary>
    Incomplete,

    /// <summary>401: the API user id or key is wrong.</summary>
    WrongCredentials,

    /// <summary>The account id is not one of the user's business accounts, or the API answered 403.</summary>
    UnknownAccount,

    /// <summary>404 for the checkout: wrong id, or the checkout belongs to another account.</summary>
    UnknownCheckout,

    /// <summary>No connection (DNS, refused, TLS): wrong URL or a firewall.</summary>
    Unreachable,

    /// <summary>No answer in time.</summary>
    Timeout,

    /// <summary>Any other answer; the API's message is shown.</summary>
    OtherError,
}

/// <param name="BusinessAccountIds">The user's business accounts, to pick the right account id from.</param>
/// <param name="Detail">The API's own message for <see cref="ConnectionOutcome.OtherError"/> (never a key).</param>
public sealed record ConnectionCheckResult(ConnectionOutcome Outcome, IReadOnlyList<string> BusinessAccountIds, string? CheckoutName, string? Detail);

/// <summary>Calls <c>GET account</c> then <c>GET checkout/{id}</c> with the given credentials and tells the failures apart.</summary>
public sealed class ConnectionCheck(InterkassaApiClient api, TimeProvider time)
{
    /// <summary>An admin is waiting: give up sooner than the client's own budget.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public async Task<ConnectionCheckResult> RunAsync(InterkassaApiCredentials credentials, string checkoutId, CancellationToken cancellationToken)
    {
        if (credentials.BaseUrl.Length == 0 || credentials.UserId.Length == 0 || credentials.ApiKey.Length == 0)
            return new(ConnectionOutcome.Incomplete, [], null, null);
        if (!Uri.TryCreate(credentials.BaseUrl, UriKind.Absolute, out _))
            return new(ConnectionOutcome.Unreachable, [], null, null);

        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        IReadOnlyList<string> business = [];
        var stage = Stage.Accounts;
        try
        {
            var accounts = await api.GetAccountsAsync(credentials, linked.Token);
            business = accounts.Where(a => a.IsBusiness).Select(a => a.Id).ToList();
            if (string.IsNullOrEmpty(credentials.AccountId) || !business.Contains(credentials.AccountId, StringComparer.Ordinal))
                return new(ConnectionOutcome.UnknownAccount, business, null, null);
            if (checkoutId.Length == 0)
                return new(ConnectionOutcome.Incomplete, business, null, null);

            stage = Stage.Checkout;
            var checkout = await api.GetCheckoutAsync(credentials, checkoutId, linked.Token);
            return new(ConnectionOutcome.Ok, business, checkout.Name, null);
        }
        catch (InterkassaApiException ex)
        {
            var outcome = Classify(ex, stage);
            return new(outcome, business, null, outcome == ConnectionOutcome.OtherError ? ex.ApiMessage ?? ex.Message : null);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(ConnectionOutcome.Timeout, business, null, null);
        }
    }

    public enum Stage
    {
        Accounts,
        Checkout,
    }

    /// <summary>The outcome an API failure stands for at each step.</summary>
    /// <remarks>A 403 is checked first: its message ("Account not found or access denied") makes the client call it NotFound.</remarks>
    public static ConnectionOutcome Classify(InterkassaApiException exception, Stage stage) => exception.Kind switch
    {
        _ when exception.HttpStatus == 403 || exception.ApiCode == 403 => ConnectionOutcome.UnknownAccount,
        InterkassaApiErrorKind.Unauthorized => ConnectionOutcome.WrongCredentials,
        InterkassaApiErrorKind.NotFound when stage == Stage.Checkout => ConnectionOutcome.UnknownCheckout,
        InterkassaApiErrorKind.Unreachable => ConnectionOutcome.Unreachable,
        InterkassaApiErrorKind.Timeout => ConnectionOutcome.Timeout,
        _ => ConnectionOutcome.OtherError,
    };
}
