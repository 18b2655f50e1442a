using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Payments;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// Turns an order into a signed Interkassa payment form: records what is being asked for (so the
/// notification can be checked against it), then builds the form. Used for the first attempt and for "pay again".
/// </summary>
public sealed class PaymentFormService(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    PaymentAmountCalculator amountCalculator,
    ILocalizationService localization,
    ILanguageService languages,
    ICustomerService customers,
    StoreLocation storeLocations,
    TimeProvider time)
{
    /// <summary>A signed form for the order, or an error message (in the order's language) when it cannot be paid.</summary>
    public async Task<(PaymentForm? Form, string? Error)> CreateAsync(Order order, CancellationToken cancellationToken = default,
        string? payWith = null)
    {
        var effective = await settingsProvider.GetAsync(order.StoreId);
        if (!effective.CanTakePayments)
            return (null, await ResourceAsync("Errors.NotConfigured", order));

        var amount = await amountCalculator.ForOrderAsync(order, effective.Settings);
        if (amount is null)
            return (null, await ResourceAsync("Errors.CurrencyNotSupported", order));

        var settings = effective.Settings;
        var request = await RecordRequestAsync(order, amount.Value, await DescriptionAsync(order, settings), cancellationToken);
        var storeLocation = await storeLocations.GetAsync(order.StoreId);
        var language = await languages.GetLanguageByIdAsync(order.CustomerLanguageId);
        // nopCommerce's Order has no e-mail: the buyer's is the customer's.
        var customer = await customers.GetCustomerByIdAsync(order.CustomerId);

        var formRequest = new PaymentFormRequest
        {
            SciUrl = Absolute(storeLocation, settings.SciUrl),
            CheckoutId = settings.CheckoutId,
            PaymentNo = request.PaymentNo,
            Amount = request.Amount,
            Currency = request.Currency,
            Description = request.Description!,
            Locale = language?.UniqueSeoCode,
            PayerContact = SignedPayerContact(customer?.Email ?? ""),
            InteractionUrl = storeLocation + InterkassaDefaults.NotifyPath,
            InteractionMethod = settings.NotificationMethod,
            SuccessUrl = storeLocation + InterkassaDefaults.SuccessPath,
            FailUrl = storeLocation + InterkassaDefaults.FailPath,
            PendingUrl = storeLocation + InterkassaDefaults.PendingPath,
            Lifetime = Lifetime(settings),
            // Absolute, from the moment the attempt was recorded: the auto-cancel rule counts from the same moment.
            ExpiresAt = Lifetime(settings) is { } lifetime ? new DateTimeOffset(request.CreatedOnUtc, TimeSpan.Zero) + lifetime : null,
            // A payway chosen in advance is the only one: the store's payway lists would only contradict it.
            PayWith = payWith,
            PaywaysOn = payWith is null ? SettingList.Split(settings.PaywaysOn) : [],
            PaywaysOff = payWith is null ? SettingList.Split(settings.PaywaysOff) : [],
            CustomFields = new Dictionary<string, string>
            {
                [InterkassaDefaults.OrderGuidField] = order.OrderGuid.ToString("D"),
            },
        };

        try
        {
            return (PaymentFormBuilder.Build(formRequest, effective.Keys.SecretKey, settings.Algorithm), null);
        }
        catch (PaymentFormException ex)
        {
            var message = await ResourceAsync("Errors.InvalidForm", order);
            return (null, string.Format(CultureInfo.InvariantCulture, message, ex.Field, ex.Message));
        }
    }

    private static TimeSpan? Lifetime(InterkassaSettings settings) =>
        settings.PaymentLifetimeMinutes > 0 ? TimeSpan.FromMinutes(settings.PaymentLifetimeMinutes) : null;

    private async Task<PaymentRequestRecord> RecordRequestAsync(Order order, PaymentAmount amount, string description, CancellationToken cancellationToken)
    {
        // The unique index on PaymentNo settles a double click: the loser recounts and takes the next number.
        for (var attempt = 0; ; attempt++)
        {
            var previous = await db.PaymentRequests.CountAsync(r => r.OrderId == order.Id, cancellationToken);
            var record = new PaymentRequestRecord
            {
                OrderId = order.Id,
                StoreId = order.StoreId,
                PaymentNo = previous == 0 ? order.CustomOrderNumber : $"{order.CustomOrderNumber}-{previous + 1}",
                Amount = amount.Amount,
                Currency = amount.Currency,
                Description = description,
                CreatedOnUtc = time.GetUtcNow().UtcDateTime,
            };
            db.PaymentRequests.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return record;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(record).State = EntityState.Detached;
            }
        }
    }

    private async Task<string> DescriptionAsync(Order order, InterkassaSettings settings)
    {
        var template = settings.DescriptionTemplate.Length > 0
            ? settings.DescriptionTemplate
            : await ResourceAsync("DefaultDescription", order);
        string description;
        try
        {
            description = string.Format(CultureInfo.InvariantCulture, template, order.CustomOrderNumber);
        }
        catch (FormatException)
        {
            // A template with stray braces is used as written rather than failing the payment.
            description = template;
        }

        description = Signable(description);
        return description.Length > PaymentFormBuilder.MaxDescriptionLength ? description[..PaymentFormBuilder.MaxDescriptionLength].TrimEnd() : description;
    }

    /// <summary>The buyer typed the e-mail: only a plain address is signed (a quoted one could carry ':', see <see cref="PayerContact"/>).</summary>
    internal static string? SignedPayerContact(string email) => PayerContact.IsPlain(email) ? email : null;

    /// <summary>
    /// Store-made text as the signed ik_desc may hold it: ':' and double quotes become spaces, control characters go
    /// (see <see cref="PaymentFormBuilder.IsUncuttable"/>), runs of spaces collapse.
    /// </summary>
    internal static string Signable(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var replaced = c is ':' or '"' || char.IsControl(c) ? ' ' : c;
            if (replaced != ' ' || (builder.Length > 0 && builder[^1] != ' '))
                builder.Append(replaced);
        }
        return builder.ToString().Trim();
    }

    private Task<string> ResourceAsync(string name, Order order) =>
        localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + name, order.CustomerLanguageId);

    /// <summary>The configured SCI URL, resolved against the store when it is a path (the demo's in-process sandbox).</summary>
    private static string Absolute(string storeLocation, string url) =>
        url.StartsWith('/') ? storeLocation.TrimEnd('/') + url : url;

}
