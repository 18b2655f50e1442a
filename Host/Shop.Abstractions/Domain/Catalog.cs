namespace Shop.Abstractions.Domain;

/// <summary>Something the store sells.</summary>
public class Product : BaseEntity
{
    public string Name { get; set; } = "";

    public string ShortDescription { get; set; } = "";

    public string Sku { get; set; } = "";

    /// <summary>Price in the store's primary currency.</summary>
    public decimal Price { get; set; }

    public bool Published { get; set; } = true;

    public int DisplayOrder { get; set; }
}

/// <summary>A product in a customer's cart.</summary>
public class ShoppingCartItem : BaseEntity
{
    public int CustomerId { get; set; }

    public int StoreId { get; set; }

    public int ProductId { get; set; }

    public Product? Product { get; set; }

    public int Quantity { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
