namespace Shop.Abstractions.Payments;

/// <summary>
/// Addition to nopCommerce, optional for a payment method: whether checkout shows the plugin's logo (logo.png in its folder).
/// A method that does not implement it always has its logo shown.
/// </summary>
public interface IPaymentMethodLogo
{
    Task<bool> ShowLogoAsync();
}
