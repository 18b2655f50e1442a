using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Settings;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd.Operations;

/// <summary>What the operations tests do to an <see cref="InterkassaStore"/>: admin order actions, reconciliation, settings, sandbox hooks.</summary>
internal static class Operate
{
    public const string PaidNote = "оплата получена";

    public const string FromReconciliationNote = "Состояние получено сверкой";

    public const string RefundNote = "Интеркасса: возврат";

    /// <summary>Sandbox settings under which a dropped first notification is never retried: only reconciliation can find the payment.</summary>
    public static readonly IDictionary<string, string?> SingleDelivery = new Dictionary<string, string?> { ["Delivery:MaxAttempts"] = "1" };

    /// <summary>The store's task runner polls once a day: reconciliation runs only when a test runs it.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoBackgroundTasks = new Dictionary<string, string?> { ["Tasks:PollSeconds"] = "86400" };

    public static string OrderPage(int orderId) => "/Admin/Orders/Details/" + orderId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks out and pays on the sandbox; the order is paid by the notification.</summary>
    public static async Task<Purchase> PaidPurchaseAsync(this InterkassaStore store)
    {
        using var buyer = store.Shop.CreateBrowser();
        var purchase = await store.CheckoutAsync(buyer);
        await store.PayAsync(buyer, purchase);
        return purchase;
    }

    /// <summary>Presses "refund" on the admin order page; returns the response (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> RefundFromAdminAsync(this InterkassaStore store, int orderId, IHtmlDocument? page = null)
    {
        page ??= await ShopPage.GetAsync(store.Admin, OrderPage(orderId));
        return await AdminConfirmations.SubmitAndConfirmAsync(store.Admin, page, "form:has(#refund)");
    }

    /// <summary>Submits the admin order page's partial refund form through the plugin (not offline).</summary>
    public static async Task<HttpResponseMessage> PartialRefundFromAdminAsync(this InterkassaStore store, int orderId, string amount)
    {
        var page = await ShopPage.GetAsync(store.Admin, OrderPage(orderId));
        return await AdminConfirmations.SubmitAndConfirmAsync(store.Admin, page, "form:has(#partial-refund)", new Dictionary<string, string> { ["amount"] = amount });
    }

    /// <summary>The sandbox's snapshot of the invoice the order was paid with.</summary>
    public static async Task<JsonElement> InvoiceOfAsync(this InterkassaStore store, Purchase purchase)
    {
        var list = await store.Sandbox.GetJsonAsync("/_sandbox/invoices?paymentNo=" + Uri.EscapeDataString(purchase.PaymentNo));
        Assert.That(list.GetArrayLength(), Is.EqualTo(1), "one invoice for " + purchase.PaymentNo);
        return list[0];
    }

    /// <summary>Makes the next <paramref name="calls"/> API calls whose path contains <paramref name="pathContains"/> fail with <paramref name="status"/>.</summary>
    public static async Task ArmApiFaultAsync(this InterkassaStore store, int calls, int status, string pathContains)
    {
        using var response = await store.Sandbox.Client.PostAsJsonAsync(new Uri(store.Sandbox.Url("/_sandbox/faults/api"), UriKind.Relative),
            new { failNextCalls = calls, status, pathContains });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "fault armed");
    }

    /// <summary>Runs the reconciliation service once, as the scheduled task does, in a scope of its own.</summary>
    public static Task<IReadOnlyDictionary<int, ReconciliationResult>> ReconcileAsync(this ShopFactory shop) =>
        shop.WithScopeAsync(services => services.GetRequiredService<ReconciliationService>().RunAsync(CancellationToken.None));

    /// <summary>Reconciliation asks about every pending order, however young (min-age 0, which the admin form does not allow).</summary>
    public static Task ReconcileYoungOrdersAsync(this ShopFactory shop) => shop.WithScopeAsync(async services =>
    {
        var settings = services.GetRequiredService<ISettingService>();
        var operations = await settings.LoadSettingAsync<InterkassaOperationsSettings>();
        operations.ReconciliationMinAgeMinutes = 0;
        await settings.SaveSettingAsync(operations);
    });

    /// <summary>Changes the plugin's settings for one test and puts them back.</summary>
    public static async Task WithSettingsAsync(this InterkassaStore store, Action<InterkassaSettings> change, Func<Task> test)
    {
        var original = await store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());
        var changed = await store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().LoadSettingAsync<InterkassaSettings>());
        change(changed);
        await store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SaveSettingAsync(changed));
        try
        {
            await test();
        }
        finally
        {
            await store.Shop.WithScopeAsync(services => services.GetRequiredService<ISettingService>().SaveSettingAsync(original));
        }
    }

    /// <summary>A loopback port nothing listens on (bound and released).</summary>
    public static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
