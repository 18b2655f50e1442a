namespace Shop.Abstractions.Payments;

/// <summary>
/// Optional for a payment method that keeps its name and logo per store and language: what checkout shows for the
/// current store and the buyer's working language. A method that does not implement it is named by the resource
/// <c>Plugins.FriendlyName.&lt;SystemName&gt;</c> (else its FriendlyName) and shown with its folder's logo.
/// </summary>
public interface IPaymentMethodPresentation
{
    /// <summary>The method's name at checkout; null = the resource, else FriendlyName.</summary>
    Task<string?> GetDisplayNameAsync();

    /// <summary>URL of the current store's own logo; null = the logo in the plugin's folder.</summary>
    Task<string?> GetLogoUrlAsync();
}
