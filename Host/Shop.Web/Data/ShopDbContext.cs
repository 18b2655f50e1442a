using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Tasks;
using Shop.Web.Data.Entities;

namespace Shop.Web.Data;

/// <summary>
/// The store's database. The model is shared; <see cref="SqliteShopDbContext"/> and
/// <see cref="PostgresShopDbContext"/> exist only so each provider has its own migrations.
/// </summary>
public abstract class ShopDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Shadow column on orders bumped by every conditional update, so refunds compare-and-swap.</summary>
    public const string OrderVersion = "Version";

    /// <summary>
    /// Shadow column on orders: set by the mark-paid that pays the order, cleared once its <c>OrderPaidEvent</c> has reached
    /// the consumers; still set when due, the event is delivered again (<see cref="Services.Orders.PaidEventLedger"/>).
    /// </summary>
    public const string OrderPaidEventDueUtc = "PaidEventDueUtc";

    /// <summary>Shadow columns of the scheduled-task lease (which process runs it, until when).</summary>
    public const string TaskLeaseOwner = "LeaseOwner";

    public const string TaskLeaseUntilUtc = "LeaseUntilUtc";

    public DbSet<Store> Stores => Set<Store>();

    public DbSet<Language> Languages => Set<Language>();

    public DbSet<Currency> Currencies => Set<Currency>();

    public DbSet<Country> Countries => Set<Country>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerRole> CustomerRoles => Set<CustomerRole>();

    public DbSet<CustomerRoleMapping> CustomerRoleMappings => Set<CustomerRoleMapping>();

    public DbSet<CustomerCredential> CustomerCredentials => Set<CustomerCredential>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ShoppingCartItem> ShoppingCartItems => Set<ShoppingCartItem>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderItem> OrderItems => Set<OrderItem>();

    public DbSet<OrderNote> OrderNotes => Set<OrderNote>();

    public DbSet<Setting> Settings => Set<Setting>();

    public DbSet<LocaleStringResource> LocaleStringResources => Set<LocaleStringResource>();

    public DbSet<InstalledPlugin> InstalledPlugins => Set<InstalledPlugin>();

    public DbSet<ScheduleTask> ScheduleTasks => Set<ScheduleTask>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and rates: exact decimals with room for small exchange rates.
        configurationBuilder.Properties<decimal>().HavePrecision(18, 8);
        // Every stored time is UTC; SQLite forgets the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Store>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(400);
            e.Property(s => s.Url).HasMaxLength(400);
            e.Property(s => s.Hosts).HasMaxLength(1000);
        });
        modelBuilder.Entity<Language>(e =>
        {
            e.Property(l => l.Name).HasMaxLength(100);
            e.Property(l => l.LanguageCulture).HasMaxLength(20);
            e.Property(l => l.UniqueSeoCode).HasMaxLength(2);
            e.HasIndex(l => l.LanguageCulture).IsUnique();
        });
        modelBuilder.Entity<Currency>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.CurrencyCode).HasMaxLength(5);
            e.Property(c => c.DisplayLocale).HasMaxLength(20);
            e.HasIndex(c => c.CurrencyCode).IsUnique();
        });
        modelBuilder.Entity<Country>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.TwoLetterIsoCode).HasMaxLength(2);
            e.Property(c => c.ThreeLetterIsoCode).HasMaxLength(3);
            e.HasIndex(c => c.TwoLetterIsoCode).IsUnique();
        });
        modelBuilder.Entity<Customer>(e =>
        {
            e.Property(c => c.Email).HasMaxLength(320);
            e.Property(c => c.FullName).HasMaxLength(200);
            e.Property(c => c.BillingCountryCode).HasMaxLength(2);
            e.HasIndex(c => c.CustomerGuid).IsUnique();
            e.HasIndex(c => c.Email);
        });
        modelBuilder.Entity<CustomerRole>(e =>
        {
            e.Property(r => r.Name).HasMaxLength(100);
            e.Property(r => r.SystemName).HasMaxLength(100);
            e.HasIndex(r => r.SystemName).IsUnique();
        });
        modelBuilder.Entity<CustomerRoleMapping>(e =>
        {
            e.HasKey(m => new { m.CustomerId, m.CustomerRoleId });
            e.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CustomerRole>().WithMany().HasForeignKey(m => m.CustomerRoleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CustomerCredential>(e =>
        {
            e.HasIndex(c => c.CustomerId).IsUnique();
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Product>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(400);
            e.Property(p => p.Sku).HasMaxLength(100);
        });
        modelBuilder.Entity<ShoppingCartItem>(e =>
        {
            e.HasIndex(i => new { i.CustomerId, i.StoreId });
            e.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.Property(o => o.CustomOrderNumber).HasMaxLength(50);
            e.Property(o => o.CustomerEmail).HasMaxLength(320);
            e.Property(o => o.CustomerName).HasMaxLength(200);
            e.Property(o => o.BillingCountryCode).HasMaxLength(2);
            e.Property(o => o.CustomerCurrencyCode).HasMaxLength(5);
            e.Property(o => o.PaymentMethodSystemName).HasMaxLength(200);
            e.Property<int>(OrderVersion).HasDefaultValue(0);
            e.Property<DateTime?>(OrderPaidEventDueUtc);
            e.HasIndex(o => o.OrderGuid).IsUnique();
            e.HasIndex(o => o.CustomOrderNumber);
            e.HasIndex(o => new { o.PaymentStatus, o.CreatedOnUtc });
            // Only orders whose paid event is still unconfirmed are in it: a handful, however many orders there are.
            e.HasIndex(OrderPaidEventDueUtc).HasFilter($"\"{OrderPaidEventDueUtc}\" IS NOT NULL");
            e.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OrderItem>(e => e.Property(i => i.ProductName).HasMaxLength(400));
        modelBuilder.Entity<OrderNote>(e =>
        {
            e.HasIndex(n => n.OrderId);
            e.HasOne<Order>().WithMany().HasForeignKey(n => n.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Setting>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            e.HasIndex(s => new { s.Name, s.StoreId }).IsUnique();
        });
        modelBuilder.Entity<LocaleStringResource>(e =>
        {
            e.Property(r => r.ResourceName).HasMaxLength(200);
            e.HasIndex(r => new { r.LanguageId, r.ResourceName }).IsUnique();
            e.HasOne<Language>().WithMany().HasForeignKey(r => r.LanguageId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<InstalledPlugin>(e =>
        {
            e.Property(p => p.SystemName).HasMaxLength(200);
            e.Property(p => p.Version).HasMaxLength(50);
            e.HasIndex(p => p.SystemName).IsUnique();
        });
        modelBuilder.Entity<ScheduleTask>(e =>
        {
            e.ToTable("ScheduleTasks");
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.Type).HasMaxLength(400);
            e.Property<string>(TaskLeaseOwner).HasMaxLength(100);
            e.Property<DateTime?>(TaskLeaseUntilUtc);
            e.HasIndex(t => t.Type).IsUnique();
        });
    }

    /// <summary>Marks values read back as UTC.</summary>
    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => AsUtc(v), v => FromStored(v));

    /// <summary>A date as the model stores it: local time converted, any other kind taken as UTC.</summary>
    public static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>A stored date as the model reads it back: UTC.</summary>
    public static DateTime FromStored(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>The model on SQLite (migrations in Data/Migrations/Sqlite).</summary>
public sealed class SqliteShopDbContext(DbContextOptions<SqliteShopDbContext> options) : ShopDbContext(options);

/// <summary>The model on PostgreSQL (migrations in Data/Migrations/PostgreSql).</summary>
public sealed class PostgresShopDbContext(DbContextOptions<PostgresShopDbContext> options) : ShopDbContext(options);
