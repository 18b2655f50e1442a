using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shop.Abstractions.Customers;
using Shop.Abstractions.Domain;
using Shop.Web.Data;
using Shop.Web.Data.Entities;

namespace Shop.Web.Services.Customers;

public sealed class CustomerService(ShopDbContext db) : ICustomerService
{
    public Task<Customer?> GetCustomerByIdAsync(int customerId) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId);

    public async Task<IReadOnlyList<CustomerRole>> GetCustomerRolesAsync(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return await db.CustomerRoleMappings.Where(m => m.CustomerId == customer.Id)
            .Join(db.CustomerRoles, m => m.CustomerRoleId, r => r.Id, (_, r) => r)
            .AsNoTracking().ToListAsync();
    }

    public async Task<IReadOnlyList<CustomerRole>> GetAllCustomerRolesAsync() =>
        await db.CustomerRoles.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
}

/// <summary>Creating customers, their passwords and roles, and checking a login.</summary>
public sealed class CustomerAccountService(ShopDbContext db, TimeProvider time)
{
    private readonly PasswordHasher<Customer> _hasher = new();

    /// <summary>A new guest in the Guests role.</summary>
    public async Task<Customer> CreateGuestAsync()
    {
        var customer = new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = time.GetUtcNow().UtcDateTime };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        await AddToRoleAsync(customer, CustomerRoleNames.Guests);
        return customer;
    }

    /// <summary>A customer who can log in, in the given roles. Throws <see cref="InvalidOperationException"/> when the e-mail is taken.</summary>
    public async Task<Customer> CreateRegisteredAsync(string email, string fullName, string password, params string[] roleSystemNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(password);
        var normalized = email.Trim().ToLowerInvariant();
        if (await FindWithCredentialAsync(normalized) is not null)
            throw new InvalidOperationException($"A customer with e-mail {normalized} already exists.");
        var customer = new Customer
        {
            CustomerGuid = Guid.NewGuid(),
            Email = normalized,
            FullName = fullName,
            CreatedOnUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        db.CustomerCredentials.Add(new CustomerCredential { CustomerId = customer.Id, PasswordHash = _hasher.HashPassword(customer, password) });
        await db.SaveChangesAsync();
        foreach (var role in roleSystemNames.Prepend(CustomerRoleNames.Registered).Distinct())
            await AddToRoleAsync(customer, role);
        return customer;
    }

    /// <summary>The active customer with this e-mail and password, or null.</summary>
    public async Task<Customer?> ValidateLoginAsync(string email, string password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return null;
        var found = await FindWithCredentialAsync(email.Trim().ToLowerInvariant());
        if (found is null)
            return null;
        var (customer, credential) = found.Value;
        var result = _hasher.VerifyHashedPassword(customer, credential.PasswordHash, password);
        return result == PasswordVerificationResult.Failed || !customer.Active ? null : customer;
    }

    public async Task<IReadOnlyList<string>> GetRoleSystemNamesAsync(int customerId) =>
        await db.CustomerRoleMappings.Where(m => m.CustomerId == customerId)
            .Join(db.CustomerRoles, m => m.CustomerRoleId, r => r.Id, (_, r) => r.SystemName)
            .ToListAsync();

    /// <summary>Saves the checkout contact fields on the customer.</summary>
    public async Task SaveContactAsync(Customer customer, string email, string fullName, string billingCountryCode)
    {
        ArgumentNullException.ThrowIfNull(customer);
        customer.Email = email;
        customer.FullName = fullName;
        customer.BillingCountryCode = billingCountryCode;
        await db.Customers.Where(c => c.Id == customer.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Email, email)
            .SetProperty(c => c.FullName, fullName)
            .SetProperty(c => c.BillingCountryCode, billingCountryCode));
    }

    private async Task AddToRoleAsync(Customer customer, string roleSystemName)
    {
        var role = await db.CustomerRoles.AsNoTracking().FirstOrDefaultAsync(r => r.SystemName == roleSystemName)
            ?? throw new InvalidOperationException($"Role {roleSystemName} is missing.");
        db.CustomerRoleMappings.Add(new CustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = role.Id });
        await db.SaveChangesAsync();
    }

    private async Task<(Customer Customer, CustomerCredential Credential)?> FindWithCredentialAsync(string normalizedEmail)
    {
        var found = await db.Customers.AsNoTracking()
            .Where(c => c.Email == normalizedEmail)
            .Join(db.CustomerCredentials.AsNoTracking(), c => c.Id, p => p.CustomerId, (c, p) => new { c, p })
            .FirstOrDefaultAsync();
        return found is null ? null : (found.c, found.p);
    }
}

/// <summary>Carts: reading them (the platform API) and changing them (the storefront).</summary>
public sealed class ShoppingCartService(ShopDbContext db, TimeProvider time) : IShoppingCartService
{
    /// <summary>Most of one product a cart line may hold.</summary>
    public const int MaxQuantity = 999;

    public async Task<IList<ShoppingCartItem>> GetShoppingCartAsync(Customer customer, int storeId)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return await db.ShoppingCartItems.AsNoTracking().Include(i => i.Product)
            .Where(i => i.CustomerId == customer.Id && i.StoreId == storeId)
            .OrderBy(i => i.Id)
            .ToListAsync();
    }

    public Task<decimal> GetCartSubTotalAsync(IList<ShoppingCartItem> cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return Task.FromResult(cart.Sum(i => (i.Product?.Price ?? 0m) * i.Quantity));
    }

    /// <summary>Adds a quantity of a published product (merging with an existing line, capped at <see cref="MaxQuantity"/>).</summary>
    public async Task<bool> AddAsync(Customer customer, int storeId, int productId, int quantity)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (quantity is < 1 or > MaxQuantity || !await db.Products.AnyAsync(p => p.Id == productId && p.Published))
            return false;
        var line = await db.ShoppingCartItems.FirstOrDefaultAsync(i => i.CustomerId == customer.Id && i.StoreId == storeId && i.ProductId == productId);
        if (line is null)
        {
            db.ShoppingCartItems.Add(new ShoppingCartItem
            {
                CustomerId = customer.Id,
                StoreId = storeId,
                ProductId = productId,
                Quantity = quantity,
                CreatedOnUtc = time.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            line.Quantity = Math.Min(MaxQuantity, line.Quantity + quantity);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Sets a line's quantity; 0 removes it. False when the line is not the customer's or the quantity is out of range.</summary>
    public async Task<bool> UpdateQuantityAsync(Customer customer, int itemId, int quantity)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (quantity is < 0 or > MaxQuantity)
            return false;
        var lines = db.ShoppingCartItems.Where(i => i.Id == itemId && i.CustomerId == customer.Id);
        var changed = quantity == 0
            ? await lines.ExecuteDeleteAsync()
            : await lines.ExecuteUpdateAsync(s => s.SetProperty(i => i.Quantity, quantity));
        return changed == 1;
    }
}
