using Microsoft.Extensions.Caching.Memory;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Operations.SetupAssistant;

/// <summary>
/// Interkassa's view of a live test's invoice, from the API's invoice list around the time the forms were sent. The
/// assistant's page asks every two seconds while it waits for a notification, and Interkassa limits how often its API
/// may be called, so an answer is kept for <see cref="AnswerLifetime"/> per test order and payment number.
/// </summary>
public sealed class InvoiceSideLookup(InterkassaApiClient api, ApiAccess apiAccess, IMemoryCache memory, TimeProvider time)
{
    /// <summary>An admin is waiting for the page: Interkassa's view of the invoice must come quickly or not at all.</summary>
    public static readonly TimeSpan ApiBudget = TimeSpan.FromSeconds(8);

    /// <summary>How long one answer of the API serves the page's polls.</summary>
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromSeconds(10);

    /// <param name="requests">The test order's payment requests, oldest first (at least one).</param>
    public async Task<InterkassaSide> FindAsync(EffectiveSettings effective, Order order, IReadOnlyList<PaymentRequestRecord> requests,
        CancellationToken cancellationToken)
    {
        var key = (typeof(InvoiceSideLookup), order.Id, requests[^1].PaymentNo);
        if (memory.TryGetValue(key, out InterkassaSide? kept) && kept is not null)
            return kept;

        var side = await AskAsync(effective, order.StoreId, requests, cancellationToken);
        memory.Set(key, side, AnswerLifetime);
        return side;
    }

    private async Task<InterkassaSide> AskAsync(EffectiveSettings effective, int storeId, IReadOnlyList<PaymentRequestRecord> requests,
        CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(ApiBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var now = time.GetUtcNow().UtcDateTime;
        var from = requests.Min(r => r.CreatedOnUtc).AddMinutes(-5);
        try
        {
            var credentials = await apiAccess.CredentialsAsync(effective, storeId);
            var invoices = await api.GetInvoicesAsync(credentials, effective.Settings.CheckoutId, from, now.AddMinutes(5), linked.Token);
            var numbers = requests.Select(r => r.PaymentNo).ToHashSet(StringComparer.Ordinal);
            var invoice = invoices.Where(i => numbers.Contains(i.PaymentNo)).OrderByDescending(i => i.State == ApiInvoiceState.Paid).FirstOrDefault();
            return invoice is null
                ? new InterkassaSide(false, null, null, false)
                : new InterkassaSide(true, invoice.State, invoice.Created, false);
        }
        catch (InterkassaApiException)
        {
            return new InterkassaSide(false, null, null, true);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new InterkassaSide(false, null, null, true);
        }
    }
}
