namespace Shop.Abstractions.Domain;

/// <summary>A storefront; one installation can serve several.</summary>
public class Store : BaseEntity
{
    public string Name { get; set; } = "";

    /// <summary>The public base URL, e.g. "https://shop.example/"; links sent to outside services are built from it.</summary>
    public string Url { get; set; } = "";

    /// <summary>Comma-separated host names that select this store; empty matches any.</summary>
    public string Hosts { get; set; } = "";

    public int DefaultLanguageId { get; set; }

    public int DisplayOrder { get; set; }
}

/// <summary>A language the store speaks.</summary>
public class Language : BaseEntity
{
    public string Name { get; set; } = "";

    /// <summary>Culture name, e.g. "ru-RU".</summary>
    public string LanguageCulture { get; set; } = "";

    /// <summary>Two-letter code, e.g. "ru".</summary>
    public string UniqueSeoCode { get; set; } = "";

    public bool Published { get; set; } = true;

    public int DisplayOrder { get; set; }
}

/// <summary>A currency with its rate against the primary store currency (primary has rate 1).</summary>
public class Currency : BaseEntity
{
    public string Name { get; set; } = "";

    /// <summary>ISO 4217 code, e.g. "RUB".</summary>
    public string CurrencyCode { get; set; } = "";

    /// <summary>Units of this currency per one unit of the primary currency.</summary>
    public decimal Rate { get; set; } = 1m;

    /// <summary>Culture whose number format displays amounts, e.g. "ru-RU".</summary>
    public string DisplayLocale { get; set; } = "";

    public bool Published { get; set; } = true;

    public int DisplayOrder { get; set; }
}

/// <summary>A country buyers may bill to.</summary>
public class Country : BaseEntity
{
    public string Name { get; set; } = "";

    public string TwoLetterIsoCode { get; set; } = "";

    public string ThreeLetterIsoCode { get; set; } = "";

    public bool Published { get; set; } = true;

    public int DisplayOrder { get; set; }
}
