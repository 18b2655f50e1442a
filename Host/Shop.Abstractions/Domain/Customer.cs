namespace Shop.Abstractions.Domain;

/// <summary>A visitor, registered or guest; checkout fills the contact and billing fields.</summary>
public class Customer : BaseEntity
{
    public Guid CustomerGuid { get; set; }

    public string Email { get; set; } = "";

    public string FullName { get; set; } = "";

    /// <summary>ISO two-letter code of the billing country chosen at checkout.</summary>
    public string BillingCountryCode { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTime CreatedOnUtc { get; set; }
}

/// <summary>A role such as Administrators, Registered or Guests.</summary>
public class CustomerRole : BaseEntity
{
    public string Name { get; set; } = "";

    /// <summary>Stable name; see <see cref="CustomerRoleNames"/>.</summary>
    public string SystemName { get; set; } = "";
}

/// <summary>System names of the built-in roles.</summary>
public static class CustomerRoleNames
{
    public const string Administrators = "Administrators";
    public const string Registered = "Registered";
    public const string Guests = "Guests";
}
