using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Catalog;

/// <summary>Reads and adds products. A product with <see cref="Product.Published"/> false is hidden from the catalogue and the cart.</summary>
public interface IProductService
{
    /// <summary>The product with this SKU (exact, ordinal), published or not; null when there is none.</summary>
    Task<Product?> GetProductBySkuAsync(string sku);

    /// <summary>Adds a product; its <see cref="BaseEntity.Id"/> is set on return.</summary>
    Task InsertProductAsync(Product product);
}
