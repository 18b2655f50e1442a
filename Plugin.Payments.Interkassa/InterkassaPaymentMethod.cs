using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Payments;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Plugins;

namespace Plugin.Payments.Interkassa;

/// <summary>
/// The store's view of Interkassa: a redirect payment method. Each member hands over to the
/// Payments layer; this class only wires the platform's contract to it.
/// </summary>
public sealed partial class InterkassaPaymentMethod(
    InterkassaInstaller installer,
    CheckoutPresentation checkout,
    PaymentFormService forms,
    IOrderService orderService,
    RefundService refunds,
    TimeProvider time,
    ILogger<InterkassaPaymentMethod> logger) : BasePlugin, IPaymentMethod, IPaymentMethodLogo, IPaymentMethodPresentation, IRefundAvailability,
    IPluginWithData, IAdminOrderPanel
{
    public override string GetConfigurationPageUrl() => InterkassaDefaults.ConfigurePath;

    public override Task InstallAsync() => installer.InstallAsync(PluginDescriptor.PluginDirectory);

    /// <summary>Uninstalling keeps the payment history unless the admin asks otherwise (see <see cref="UninstallAsync(bool)"/>).</summary>
    public override Task UninstallAsync() => installer.UninstallAsync(deleteHistory: false);

    public string DataDescriptionResource => InterkassaDefaults.ResourcePrefix + "Uninstall.History";

    /// <summary>The store's uninstall confirmation passes the admin's «delete the payment history».</summary>
    public Task UninstallAsync(bool deleteData) => installer.UninstallAsync(deleteData);

    public override Task UpdateAsync(string currentVersion, string targetVersion) => installer.UpdateAsync(PluginDescriptor.PluginDirectory);

    /// <summary>Nothing is taken here: the buyer pays on Interkassa's page after the order is saved.</summary>
    public Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest processPaymentRequest) =>
        Task.FromResult(new ProcessPaymentResult { NewPaymentStatus = PaymentStatus.Pending });

    public async Task PostProcessPaymentAsync(PostProcessPaymentRequest postProcessPaymentRequest)
    {
        var order = postProcessPaymentRequest.Order;
        var (form, error) = await forms.CreateAsync(order);
        if (form is null)
        {
            // The order stays pending; the buyer reads why on the order page and the admin sees the note.
            LogFormRefused(logger, order.Id, error);
            await orderService.AddNoteAsync(order.Id, error ?? "", displayToCustomer: true, time);
            return;
        }

        postProcessPaymentRequest.Handoff = PaymentHandoff.PostForm(form.Action, form.Fields);
    }

    public Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart) => checkout.IsHiddenAsync(cart);

    public Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart) => checkout.GetFeeAsync(cart);

    public Task<string> GetPaymentMethodDescriptionAsync() => checkout.GetDescriptionAsync();

    public Task<bool> ShowLogoAsync() => checkout.ShowLogoAsync();

    public async Task<string?> GetDisplayNameAsync() => await checkout.GetNameAsync();

    public Task<string?> GetLogoUrlAsync() => checkout.GetLogoUrlAsync();

    /// <summary>"Pay again" for any order still waiting for its money.</summary>
    public Task<bool> CanRePostProcessPaymentAsync(Order order) =>
        Task.FromResult(order.PaymentStatus == PaymentStatus.Pending && order.OrderStatus != OrderStatus.Cancelled);

    public Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest capturePaymentRequest) =>
        Task.FromResult(Failed<CapturePaymentResult>("Capture is not supported by Interkassa."));

    /// <summary>Refunds through Interkassa's API, at most once per request; without API credentials the error says so.</summary>
    public Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest refundPaymentRequest) => refunds.RefundAsync(refundPaymentRequest);

    public Task<string?> GetRefundUnavailableReasonAsync(Order order) => refunds.UnavailableReasonAsync(order);

    public Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest voidPaymentRequest) =>
        Task.FromResult(Failed<VoidPaymentResult>("Void is not supported by Interkassa."));

    public Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest processPaymentRequest) =>
        Task.FromResult(Failed<ProcessPaymentResult>("Recurring payments are not supported by Interkassa."));

    public Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(CancelRecurringPaymentRequest cancelPaymentRequest) =>
        Task.FromResult(Failed<CancelRecurringPaymentResult>("Recurring payments are not supported by Interkassa."));

    public Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form) => Task.FromResult<IList<string>>([]);

    public Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form) => Task.FromResult(new ProcessPaymentRequest());

    public Type? GetPublicViewComponent() => null;

    /// <summary>Invoice, amounts, state history, refunds and the payment link on the admin order page.</summary>
    public Type GetAdminOrderPanelViewComponent() => typeof(Web.Components.AdminOrderPanelViewComponent);

    public bool SupportCapture => false;

    /// <summary>True when the current store has API credentials (the flag carries no order; see <see cref="RefundService.AvailableForCurrentStore"/>).</summary>
    public bool SupportPartiallyRefund => refunds.AvailableForCurrentStore;

    public bool SupportRefund => refunds.AvailableForCurrentStore;

    public bool SupportVoid => false;

    public RecurringPaymentType RecurringPaymentType => RecurringPaymentType.NotSupported;

    public PaymentMethodType PaymentMethodType => PaymentMethodType.Redirection;

    public bool SkipPaymentInfo => true;

    private static T Failed<T>(string error) where T : PaymentResultBase, new()
    {
        var result = new T();
        result.AddError(error);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interkassa payment form for order {OrderId} not built: {Error}")]
    private static partial void LogFormRefused(ILogger logger, int orderId, string? error);
}
