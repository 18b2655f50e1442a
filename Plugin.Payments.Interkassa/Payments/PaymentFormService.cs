using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;

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
    IWebHelper webHelper,
    TimeProvider time)
{
    /// <summary>A signed form for the order, or an error message (in the order's language) when it cannot be paid.</summary>
    public async Task<(PaymentForm? Form, string? Error)> CreateAsync(Order order, CancellationToken cancellationToken = default)
    {
        var effective = await settingsProvider.GetAsync(order.StoreId);
        if (!effective.CanTakePayments)
            return (null, await ResourceAsync("Errors.NotConfigured", order));

        var amount = await amountCalculator.ForOrderAsync(order, effective.Settings);
        if (amount is null)
            return (null, await ResourceAsync("Errors.CurrencyNotSupported", order));

        var request = await RecordRequestAsync(order, amount.Value, cancellationToken);
        var storeLocation = await webHelper.GetStoreLocationAsync(order.StoreId);
        var settings = effective.Settings;
        var language = await languages.GetLanguageByIdAsync(order.CustomerLanguageId);

        var formRequest = new PaymentFormRequest
        {
            SciUrl = Absolute(storeLocation, settings.SciUrl),
            CheckoutId = settings.CheckoutId,
            PaymentNo = request.PaymentNo,
            Amount = request.Amount,
            Currency = request.Currency,
            Description = await DescriptionAsync(order, settings),
            Locale = language?.UniqueSeoCode,
            PayerContact = order.CustomerEmail.Length is > 0 and <= 64 ? order.CustomerEmail : null,
            InteractionUrl = storeLocation + InterkassaDefaults.NotifyPath,
            InteractionMethod = settings.NotificationMethod,
            SuccessUrl = storeLocation + InterkassaDefaults.SuccessPath,
            FailUrl = storeLocation + InterkassaDefaults.FailPath,
            PendingUrl = storeLocation + InterkassaDefaults.PendingPath,
            Lifetime = settings.PaymentLifetimeMinutes > 0 ? TimeSpan.FromMinutes(settings.PaymentLifetimeMinutes) : null,
            PaywaysOn = SplitList(settings.PaywaysOn),
            PaywaysOff = SplitList(settings.PaywaysOff),
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

    /// <summary>The ik_pm_no attempts of an order, newest first.</summary>
    public Task<List<PaymentRequestRecord>> GetRequestsAsync(int orderId, CancellationToken cancellationToken = default) =>
        db.PaymentRequests.AsNoTracking().Where(r => r.OrderId == orderId)
            .OrderByDescending(r => r.Id).ToListAsync(cancellationToken);

    private async Task<PaymentRequestRecord> RecordRequestAsync(Order order, PaymentAmount amount, CancellationToken cancellationToken)
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

        description = description.Trim();
        return description.Length > 255 ? description[..255] : description;
    }

    private Task<string> ResourceAsync(string name, Order order) =>
        localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + name, order.CustomerLanguageId);

    /// <summary>The configured SCI URL, resolved against the store when it is a path (the demo's in-process sandbox).</summary>
    private static string Absolute(string storeLocation, string url) =>
        url.StartsWith('/') ? storeLocation.TrimEnd('/') + url : url;

    internal static IReadOnlyList<string> SplitList(string value) =>
        value.Split([';', ',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
