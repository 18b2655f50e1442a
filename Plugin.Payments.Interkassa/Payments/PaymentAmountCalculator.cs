using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Domain;
using Plugin.Payments.Interkassa.Protocol;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>An amount in an explicit currency, rounded to what Interkassa accepts (2 decimals).</summary>
public readonly record struct PaymentAmount(decimal Amount, string Currency);

/// <summary>Works out what to ask Interkassa for: the order's own currency, or the configured one with conversion.</summary>
public sealed class PaymentAmountCalculator(ICurrencyService currencyService)
{
    /// <summary>The amount for an order, or null when its currency cannot be paid through Interkassa.</summary>
    public async Task<PaymentAmount?> ForOrderAsync(Order order, InterkassaSettings settings)
    {
        if (settings.PaymentCurrency.Length == 0)
        {
            if (!InterkassaProtocol.Currencies.Contains(order.CustomerCurrencyCode))
                return null;
            return new PaymentAmount(Round(order.OrderTotal * order.CurrencyRate), order.CustomerCurrencyCode.ToUpperInvariant());
        }

        return await InPaymentCurrencyAsync(order.OrderTotal, settings);
    }

    /// <summary>A primary-currency amount in the configured payment currency, or null when none is configured or known.</summary>
    public async Task<PaymentAmount?> InPaymentCurrencyAsync(decimal primaryAmount, InterkassaSettings settings)
    {
        if (settings.PaymentCurrency.Length == 0)
            return null;
        var target = await currencyService.GetCurrencyByCodeAsync(settings.PaymentCurrency);
        if (target is null)
            return null;
        var converted = await currencyService.ConvertFromPrimaryStoreCurrencyAsync(primaryAmount, target);
        return new PaymentAmount(Round(converted), target.CurrencyCode.ToUpperInvariant());
    }

    /// <summary>Whether a buyer shopping in <paramref name="workingCurrencyCode"/> could pay with these settings.</summary>
    public async Task<bool> CanPayInAsync(string workingCurrencyCode, InterkassaSettings settings)
    {
        if (settings.PaymentCurrency.Length == 0)
            return InterkassaProtocol.Currencies.Contains(workingCurrencyCode);
        return InterkassaProtocol.Currencies.Contains(settings.PaymentCurrency)
            && await currencyService.GetCurrencyByCodeAsync(settings.PaymentCurrency) is not null;
    }

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
