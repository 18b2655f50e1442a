using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Catalog;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Shop.Web.Services.Catalog;

/// <summary>Products for plugins: find by SKU, add one (e.g. an unpublished test product).</summary>
public sealed class ProductService(ShopDbContext db) : IProductService
{
    public async Task<Product?> GetProductBySkuAsync(string sku)
    {
        ArgumentNullException.ThrowIfNull(sku);
        return await db.Products.AsNoTracking().Where(p => p.Sku == sku).OrderBy(p => p.Id).FirstOrDefaultAsync();
    }

    public async Task InsertProductAsync(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        db.Entry(product).State = EntityState.Detached;
    }
}
