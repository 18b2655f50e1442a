using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>A payment link for the admin, or why there is none (resource name under the plugin prefix).</summary>
public sealed record PaymentLinkInfo(Order? Order, string? Url, DateTime? ExpiresOnUtc, string? Refusal);

/// <summary>What opening a link leads to: a signed form, or a message (resource name, HTTP status).</summary>
public sealed record PaymentLinkOpening(Order? Order, PaymentForm? Form, string? Refusal, string? RefusalDetail, int StatusCode);

/// <summary>
/// Payment links for orders taken by phone or e-mail: <c>/Plugins/PaymentInterkassa/PayLink/{orderGuid}?t=token</c>.
/// Opening one builds a fresh signed form through the same <see cref="PaymentFormService"/> as checkout and "pay again".
/// </summary>
public sealed class PaymentLinkService(
    IOrderService orderService,
    PaymentLinkTokens tokens,
    PaymentFormService forms,
    ISettingService settingService,
    StoreLocation storeLocation,
    TimeProvider time)
{
    public const string PathPrefix = "Plugins/PaymentInterkassa/PayLink/";

    public async Task<PaymentLinkInfo> GetForAdminAsync(int orderId)
    {
        var order = await orderService.GetOrderByIdAsync(orderId);
        if (order is null)
            return new(null, null, null, "PaymentLink.Refusals.NotFound");
        if (Refusal(order) is { } refusal)
            return new(order, null, null, refusal);

        var lifetime = TimeSpan.FromDays((await settingService.LoadSettingAsync<InterkassaOperationsSettings>()).PaymentLinkLifetimeDays);
        var token = tokens.Create(order.OrderGuid, lifetime);
        var url = await storeLocation.GetAsync(order.StoreId) + PathPrefix + order.OrderGuid.ToString("D") + "?t=" + Uri.EscapeDataString(token);
        return new(order, url, time.GetUtcNow().UtcDateTime.Add(lifetime), null);
    }

    public async Task<PaymentLinkOpening> OpenAsync(Guid orderGuid, string? token, CancellationToken cancellationToken)
    {
        var status = tokens.Validate(orderGuid, token);
        if (status == PaymentLinkTokenStatus.Invalid)
            return new(null, null, "PaymentLink.Refusals.Invalid", null, 404);
        var order = await orderService.GetOrderByGuidAsync(orderGuid);
        if (order is null)
            return new(null, null, "PaymentLink.Refusals.Invalid", null, 404);
        if (Refusal(order) is { } refusal)
            return new(order, null, refusal, null, 200);
        if (status == PaymentLinkTokenStatus.Expired)
            return new(order, null, "PaymentLink.Refusals.Expired", null, 410);

        var (form, error) = await forms.CreateAsync(order, cancellationToken);
        return form is null
            ? new(order, null, "PaymentLink.Refusals.FormFailed", error, 200)
            : new(order, form, null, null, 200);
    }

    /// <summary>Why an order cannot be paid through a link (resource name), or null when it can.</summary>
    public static string? Refusal(Order order) => order switch
    {
        _ when !string.Equals(order.PaymentMethodSystemName, InterkassaDefaults.SystemName, StringComparison.OrdinalIgnoreCase)
            => "PaymentLink.Refusals.NotInterkassa",
        { OrderStatus: OrderStatus.Cancelled } => "PaymentLink.Refusals.Cancelled",
        { PaymentStatus: PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded } => "PaymentLink.Refusals.Paid",
        { PaymentStatus: PaymentStatus.Pending } => null,
        _ => "PaymentLink.Refusals.NotPending",
    };
}
