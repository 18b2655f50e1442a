using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>Refunds the merchant makes in Interkassa's cabinet (the sandbox's hook) and what the store records of them.</summary>
internal static class Cabinet
{
    /// <summary>The admin note's words for a refund found in the cabinet.</summary>
    public const string RefundNote = "возврат сделан в кабинете Интеркассы";

    /// <summary>Refunds <paramref name="amount"/> (invariant text; null: everything left) of the purchase's invoice in the sandbox's "cabinet".</summary>
    public static async Task<string> RefundAsync(this InterkassaStore store, Purchase purchase, string? amount = null)
    {
        var invoiceId = (await store.InvoiceOfAsync(purchase)).GetProperty("invoice").GetProperty("id").GetString()!;
        var fields = amount is null ? [] : new Dictionary<string, string> { ["amount"] = amount };
        using var response = await store.Sandbox.Client.PostAsync(new Uri(store.Sandbox.Url($"/_sandbox/invoices/{invoiceId}/cabinet-refund"), UriKind.Relative),
            new FormUrlEncodedContent(fields));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cabinet refunded " + (amount ?? "the rest"));
        return invoiceId;
    }

    /// <summary>The step's result of one reconciliation run for the order's store.</summary>
    public static CabinetRefundResult Of(IReadOnlyDictionary<int, ReconciliationResult> run, Order order) =>
        run[order.StoreId].CabinetRefunds ?? throw new AssertionException("the reconciliation result has no cabinet refund step");

    public static async Task<List<OrderNote>> CabinetNotesAsync(this InterkassaStore store, Order order) =>
        (await store.NotesAsync(order)).Where(n => n.Note.Contains(RefundNote, StringComparison.Ordinal)).ToList();

    public static Task<List<RefundRecord>> RefundRowsAsync(this ShopFactory shop, Order order) => shop.WithScopeAsync(services =>
        services.GetRequiredService<InterkassaDbContext>().Refunds.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.Id).ToListAsync());

    /// <summary>Sets the cabinet refund lookback (installation-wide) and returns the previous value.</summary>
    public static Task<int> SetLookbackAsync(this ShopFactory shop, int days) => shop.WithScopeAsync(async services =>
    {
        var settings = services.GetRequiredService<ISettingService>();
        var operations = await settings.LoadSettingAsync<InterkassaOperationsSettings>();
        var before = operations.RefundLookbackDays;
        operations.RefundLookbackDays = days;
        await settings.SaveSettingAsync(operations);
        return before;
    });
}
