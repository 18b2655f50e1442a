using Microsoft.EntityFrameworkCore;

namespace Plugin.Payments.Interkassa.Data;

/// <summary>The plugin's own tables, kept in the store's database (created on install, dropped on uninstall).</summary>
public class InterkassaDbContext(DbContextOptions<InterkassaDbContext> options) : DbContext(options)
{
    public const string PaymentRequestTable = "Interkassa_PaymentRequest";
    public const string NotificationTable = "Interkassa_Notification";
    public const string AppliedStateTable = "Interkassa_AppliedState";
    public const string RefundTable = "Interkassa_Refund";

    /// <summary>Every table the plugin owns, for uninstall and for tests.</summary>
    public static readonly IReadOnlyList<string> TableNames = [PaymentRequestTable, NotificationTable, AppliedStateTable, RefundTable];

    public DbSet<PaymentRequestRecord> PaymentRequests => Set<PaymentRequestRecord>();

    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();

    public DbSet<AppliedStateRecord> AppliedStates => Set<AppliedStateRecord>();

    public DbSet<RefundRecord> Refunds => Set<RefundRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentRequestRecord>(entity =>
        {
            entity.ToTable(PaymentRequestTable);
            entity.Property(p => p.PaymentNo).HasMaxLength(32);
            entity.Property(p => p.Currency).HasMaxLength(3);
            entity.Property(p => p.Amount).HasPrecision(18, 2);
            entity.Property(p => p.Description).HasMaxLength(255);
            entity.HasIndex(p => p.PaymentNo).IsUnique();
            entity.HasIndex(p => p.OrderId);
        });

        modelBuilder.Entity<NotificationRecord>(entity =>
        {
            entity.ToTable(NotificationTable);
            entity.Property(n => n.Source).HasMaxLength(16).HasDefaultValue(JournalSources.Notification);
            entity.Property(n => n.SourceAddress).HasMaxLength(64);
            entity.Property(n => n.PaymentNo).HasMaxLength(64);
            entity.Property(n => n.InvoiceId).HasMaxLength(64);
            entity.Property(n => n.State).HasMaxLength(32);
            entity.Property(n => n.Verdict).HasMaxLength(16);
            entity.Property(n => n.Reason).HasMaxLength(32);
            entity.Property(n => n.Detail).HasMaxLength(1024);
            // Each index serves a query of the journal page (JournalQuery) or of reconciliation; paging is by Id.
            entity.HasIndex(n => n.ReceivedOnUtc);                  // date filters
            entity.HasIndex(n => n.OrderId);                        // order filter; reconciliation's "refusal already journaled"
            entity.HasIndex(n => n.PaymentNo);                      // order filter by its payment numbers
            entity.HasIndex(n => new { n.Verdict, n.Id });          // verdict filter, newest first
        });

        modelBuilder.Entity<AppliedStateRecord>(entity =>
        {
            entity.ToTable(AppliedStateTable);
            entity.Property(a => a.InvoiceId).HasMaxLength(64);
            entity.Property(a => a.State).HasMaxLength(32);
            entity.Property(a => a.StoreId).HasDefaultValue(0);
            entity.Property(a => a.Payway).HasMaxLength(64);
            entity.Property(a => a.Currency).HasMaxLength(3);
            entity.Property(a => a.Amount).HasPrecision(18, 2);
            entity.Property(a => a.PayerPrice).HasPrecision(18, 4);
            entity.Property(a => a.Credited).HasPrecision(18, 4);
            entity.HasIndex(a => new { a.InvoiceId, a.State }).IsUnique();
            entity.HasIndex(a => a.OrderId);                        // the order's earlier paid invoices
            entity.HasIndex(a => a.AppliedOnUtc);                   // the journal page's summary of a period
        });

        // Keep in step with the version 3 upgrade in InterkassaSchema.
        modelBuilder.Entity<RefundRecord>(entity =>
        {
            entity.ToTable(RefundTable);
            entity.Property(r => r.IdempotencyKey).HasMaxLength(64);
            entity.Property(r => r.InvoiceId).HasMaxLength(64);
            entity.Property(r => r.AmountPrimary).HasPrecision(18, 4);
            entity.Property(r => r.Amount).HasPrecision(18, 2);
            entity.Property(r => r.Currency).HasMaxLength(3);
            entity.Property(r => r.InvoiceRefundedBefore).HasPrecision(18, 2);
            entity.Property(r => r.Status).HasMaxLength(16);
            entity.Property(r => r.ApiRefundId).HasMaxLength(64);
            entity.Property(r => r.Error).HasMaxLength(1024);
            entity.HasIndex(r => r.IdempotencyKey).IsUnique();
            entity.HasIndex(r => r.OrderId);
        });
    }
}
