namespace Shop.Abstractions.Payments;

/// <summary>
/// Addition to nopCommerce, optional for a payment method: a panel of its own on the admin order page of orders paid with it (nopCommerce
/// shows such content through the <c>OrderDetailsBlock</c> widget zone). The store invokes the view component with
/// one argument, <c>order</c> (<see cref="Domain.Order"/>), and never needs the plugin's types.
/// </summary>
public interface IAdminOrderPanel
{
    /// <summary>The plugin's view component that renders the panel.</summary>
    Type GetAdminOrderPanelViewComponent();
}
