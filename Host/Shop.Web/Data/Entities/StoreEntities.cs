using Shop.Abstractions.Domain;

namespace Shop.Web.Data.Entities;

/// <summary>One stored setting value: a lower-case "class.property" key, per store (0 = shared).</summary>
public class Setting : BaseEntity
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";

    public int StoreId { get; set; }
}

/// <summary>A UI string in one language; <see cref="ResourceName"/> is stored lower-case so look-ups are case-insensitive.</summary>
public class LocaleStringResource : BaseEntity
{
    public int LanguageId { get; set; }

    public string ResourceName { get; set; } = "";

    public string ResourceValue { get; set; } = "";
}

/// <summary>A plugin the store has installed, with the version that was installed (drives UpdateAsync).</summary>
public class InstalledPlugin : BaseEntity
{
    public string SystemName { get; set; } = "";

    public string Version { get; set; } = "";

    public DateTime InstalledOnUtc { get; set; }
}

/// <summary>The password of a customer who can log in (admins and registered customers).</summary>
public class CustomerCredential : BaseEntity
{
    public int CustomerId { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash format.</summary>
    public string PasswordHash { get; set; } = "";
}

/// <summary>Links a customer to a role.</summary>
public class CustomerRoleMapping
{
    public int CustomerId { get; set; }

    public int CustomerRoleId { get; set; }
}
