using Plugin.Payments.Interkassa.Settings;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The buyer's part of Interkassa's commission: the cabinet's rate applied to the cart, times the
/// buyer's share of it, plus the fixed fee. The shop carries the rest of the commission.
/// </summary>
public static class CommissionCalculator
{
    public static decimal BuyerFee(decimal cartSubtotal, InterkassaSettings settings)
    {
        var share = Math.Clamp(settings.BuyerCommissionSharePercent, 0m, 100m);
        var commission = cartSubtotal * settings.CommissionPercent / 100m * share / 100m;
        var fee = commission + settings.FixedFee;
        return fee <= 0 ? 0m : PaymentAmountCalculator.Round(fee);
    }
}
