using System.Globalization;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>What the API said about a notified payment.</summary>
public enum ConfirmationVerdict
{
    /// <summary>The invoice exists, belongs to the checkout, is paid, and matches payment number, amount and currency.</summary>
    Confirmed,

    /// <summary>The API knows no such paid invoice, or it differs: the notification is refused.</summary>
    Disagrees,

    /// <summary>The API could not be asked now: Interkassa is asked to retry.</summary>
    Unavailable,
}

/// <param name="Detail">A journal detail saying what the API answered.</param>
public sealed record Confirmation(ConfirmationVerdict Verdict, string Detail);

/// <summary>
/// Defence in depth: before a notified payment marks an order paid, ask Interkassa's API whether that invoice really
/// is paid, for this checkout, payment number, amount and currency. A signature proves who signed, the API proves
/// that money moved.
/// </summary>
public sealed class PaymentConfirmation(ApiAccess apiAccess, InterkassaApiClient api)
{
    public async Task<Confirmation> ConfirmAsync(EffectiveSettings effective, int storeId, InterkassaNotification notification,
        PaymentRequestRecord request, CancellationToken cancellationToken)
    {
        ApiInvoice invoice;
        try
        {
            var credentials = await apiAccess.CredentialsAsync(effective, storeId);
            invoice = await api.GetInvoiceAsync(credentials, notification.InvoiceId, cancellationToken);
        }
        catch (InterkassaApiException ex) when (ex.Kind == InterkassaApiErrorKind.NotFound)
        {
            return new(ConfirmationVerdict.Disagrees, JournalDetail.Of("ApiInvoiceNotFound", notification.InvoiceId));
        }
        catch (InterkassaApiException ex)
        {
            return new(ConfirmationVerdict.Unavailable, JournalDetail.Of("ApiUnavailable", ex.Kind));
        }

        var difference = Difference(invoice, effective.Settings.CheckoutId, request);
        return difference is null
            ? new(ConfirmationVerdict.Confirmed, JournalDetail.Of("ConfirmedByApi", invoice.Id))
            : new(ConfirmationVerdict.Disagrees, JournalDetail.Of("ApiDisagrees", invoice.Id, difference));
    }

    /// <summary>The first field in which the API's invoice contradicts a paid invoice for this request, or null.</summary>
    internal static string? Difference(ApiInvoice invoice, string checkoutId, PaymentRequestRecord request)
    {
        if (!string.Equals(invoice.CheckoutId, checkoutId, StringComparison.OrdinalIgnoreCase))
            return "checkout " + invoice.CheckoutId;
        if (!ApiInvoiceStates.WasPaid(invoice.State))
            return "state " + ((int)invoice.State).ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(invoice.PaymentNo, request.PaymentNo, StringComparison.Ordinal))
            return "paymentNo " + invoice.PaymentNo;
        if (invoice.Amount != request.Amount)
            return "amount " + invoice.Amount.ToString("0.00##", CultureInfo.InvariantCulture);
        if (!string.Equals(invoice.Currency, request.Currency, StringComparison.OrdinalIgnoreCase))
            return "currency " + invoice.Currency;
        return null;
    }
}
