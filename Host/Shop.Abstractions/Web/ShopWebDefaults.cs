namespace Shop.Abstractions.Web;

/// <summary>Names a plugin's pages use to fit into the store.</summary>
public static class ShopWebDefaults
{
    /// <summary>Authorization policy of the admin area (cookie login, Administrators role).</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>Layout of admin pages.</summary>
    public const string AdminLayout = "/Pages/Admin/_AdminLayout.cshtml";

    /// <summary>Layout of storefront pages.</summary>
    public const string PublicLayout = "/Pages/Shared/_Layout.cshtml";

    /// <summary>The platform version the store's plugin API matches (nopCommerce 4.90); plugin.json's SupportedVersions must list it.</summary>
    public const string StoreVersion = "4.90";
}
