using Shop.Abstractions.Customers;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;
using Shop.Web.PluginSystem;
using Shop.Web.Services.Customers;

namespace Shop.Web.Web;

/// <summary>The request's buyer, store and cart, as every checkout step needs them.</summary>
public sealed record CheckoutSnapshot(Customer Customer, Store Store, IList<ShoppingCartItem> Cart, decimal Subtotal)
{
    public bool HasContact =>
        !string.IsNullOrWhiteSpace(Customer.Email) && !string.IsNullOrWhiteSpace(Customer.FullName)
        && !string.IsNullOrWhiteSpace(Customer.BillingCountryCode);
}

/// <summary>A payment method as the checkout lists it.</summary>
public sealed record PaymentMethodOption(IPaymentMethod Method, string SystemName, string Name, string Description, decimal Fee, string? LogoUrl);

/// <summary>Loads the checkout state and the payment methods the buyer may choose for this cart.</summary>
public sealed class CheckoutFlow(
    IWorkContext workContext,
    IStoreContext storeContext,
    ShoppingCartService carts,
    IPaymentService payments,
    ICustomerService customers,
    PluginCatalog catalog,
    ShopUi ui,
    ILogger<CheckoutFlow> logger)
{
    public async Task<CheckoutSnapshot> LoadAsync()
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        var store = await storeContext.GetCurrentStoreAsync();
        var cart = await carts.GetShoppingCartAsync(customer, store.Id);
        return new CheckoutSnapshot(customer, store, cart, await carts.GetCartSubTotalAsync(cart));
    }

    /// <summary>Active methods that do not hide themselves for this cart; a method that throws is left out (and logged).</summary>
    public async Task<IReadOnlyList<PaymentMethodOption>> GetPaymentMethodsAsync(CheckoutSnapshot checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var options = new List<PaymentMethodOption>();
        HashSet<int>? roleIds = null;
        foreach (var method in await payments.GetActivePaymentMethodsAsync(checkout.Store.Id))
        {
            var descriptor = method.PluginDescriptor;
            if (descriptor.LimitedToCustomerRoles.Count > 0)
            {
                roleIds ??= (await customers.GetCustomerRolesAsync(checkout.Customer)).Select(r => r.Id).ToHashSet();
                if (!descriptor.LimitedToCustomerRoles.Any(roleIds.Contains))
                    continue;
            }
            try
            {
                if (await method.HidePaymentMethodAsync(checkout.Cart))
                    continue;
                var fee = Math.Max(0m, Math.Round(await method.GetAdditionalHandlingFeeAsync(checkout.Cart), 2, MidpointRounding.AwayFromZero));
                var presentation = method as IPaymentMethodPresentation;
                var name = (presentation is null ? null : await presentation.GetDisplayNameAsync())
                    ?? ui.Or("Plugins.FriendlyName." + descriptor.SystemName, descriptor.FriendlyName);
                var showLogo = method is not IPaymentMethodLogo logo || await logo.ShowLogoAsync();
                var logoUrl = !showLogo ? null
                    : (presentation is null ? null : await presentation.GetLogoUrlAsync()) ?? PluginLogoEndpoint.LogoUrl(catalog.FindBySystemName(descriptor.SystemName));
                options.Add(new PaymentMethodOption(method, descriptor.SystemName, name, await method.GetPaymentMethodDescriptionAsync(), fee, logoUrl));
            }
            catch (Exception e)
            {
                logger.LogError(e, "Payment method {Method} failed while listing it at checkout", descriptor.SystemName);
            }
        }
        return options;
    }
}
