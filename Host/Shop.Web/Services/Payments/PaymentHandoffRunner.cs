using Shop.Abstractions.Domain;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Plugins;

namespace Shop.Web.Services.Payments;

/// <summary>What to do with the buyer after PostProcessPayment: follow <see cref="Handoff"/>, or stay (with a message when it failed).</summary>
public sealed record HandoffOutcome(PaymentHandoff? Handoff, bool Failed);

/// <summary>Runs the order's payment method's PostProcessPayment; a plugin failure never loses the saved order.</summary>
public sealed class PaymentHandoffRunner(IPluginService plugins, ILogger<PaymentHandoffRunner> logger)
{
    public async Task<HandoffOutcome> PostProcessAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var method = await plugins.GetPluginAsync<IPaymentMethod>(order.PaymentMethodSystemName);
        if (method is null)
            return new HandoffOutcome(null, Failed: false);
        try
        {
            var request = new PostProcessPaymentRequest { Order = order };
            await method.PostProcessPaymentAsync(request);
            if (request.Handoff is { } handoff && !IsSafeTarget(handoff.Url))
            {
                logger.LogError("{Method} answered a hand-off to a URL that is not http(s): order {OrderId}", order.PaymentMethodSystemName, order.Id);
                return new HandoffOutcome(null, Failed: true);
            }
            return new HandoffOutcome(request.Handoff, Failed: false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "PostProcessPayment of {Method} failed for order {OrderId}", order.PaymentMethodSystemName, order.Id);
            return new HandoffOutcome(null, Failed: true);
        }
    }

    /// <summary>Whether the buyer may be offered "pay again" for this order.</summary>
    public async Task<bool> CanPayAgainAsync(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.PaymentStatus != PaymentStatus.Pending || order.OrderStatus == OrderStatus.Cancelled)
            return false;
        var method = await plugins.GetPluginAsync<IPaymentMethod>(order.PaymentMethodSystemName);
        if (method is null)
            return false;
        try
        {
            return await method.CanRePostProcessPaymentAsync(order);
        }
        catch (Exception e)
        {
            logger.LogError(e, "CanRePostProcessPayment of {Method} failed for order {OrderId}", order.PaymentMethodSystemName, order.Id);
            return false;
        }
    }

    /// <summary>Only absolute http(s) URLs or paths inside the store.</summary>
    private static bool IsSafeTarget(string url) =>
        (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal));
}
