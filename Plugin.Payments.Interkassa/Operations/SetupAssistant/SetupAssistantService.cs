using Microsoft.EntityFrameworkCore;
using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Catalog;
using Shop.Abstractions.Domain;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Orders;
using Shop.Abstractions.Stores;

namespace Plugin.Payments.Interkassa.Operations.SetupAssistant;

/// <summary>The test order as the assistant started it: the order and its signed form, or why there is none.</summary>
public sealed record TestOrderStart(Order? Order, PaymentForm? Form, string? Error);

/// <summary>The live test's state for one test order, with the URL Interkassa must notify.</summary>
public sealed record TestOrderStatus(Order Order, LiveTestStatus Status, string NotifyUrl);

/// <summary>
/// The setup assistant's work: the static checks (with the API connection check), the test order (a hidden 50 RUB
/// product, an order through the store's normal placement, the plugin's own signed form) and the test's progress from
/// the journal, the order and, with API access, Interkassa's view of the invoice. It never changes an order's payment
/// state: only a notification (or reconciliation) does that.
/// </summary>
public sealed class SetupAssistantService(
    InterkassaDbContext db,
    InterkassaSettingsProvider settingsProvider,
    ConnectionCheck connectionCheck,
    ApiAccess apiAccess,
    InvoiceSideLookup invoiceSide,
    IProductService products,
    IOrderPlacementService placement,
    IOrderService orders,
    IStoreService stores,
    IStoreContext storeContext,
    IWorkContext workContext,
    StoreLocation storeLocation,
    ILocalizationService localization,
    PaymentFormService forms,
    StoreDemoMode demoMode,
    TimeProvider time)
{
    /// <summary>The hidden product every test order buys.</summary>
    public const string TestProductSku = "interkassa-setup-test";

    public const decimal TestProductPrice = 50m;

    /// <summary>Without a notification for this long the assistant asks to check the interaction URL.</summary>
    public static readonly TimeSpan NoNotificationAfter = TimeSpan.FromMinutes(3);

    /// <summary>A store's settings as the page may show them (no key in them: keys are stored protected).</summary>
    public async Task<InterkassaSettings> GetSettingsAsync(int storeId) => (await settingsProvider.GetAsync(storeId)).Settings;

    /// <summary>The static checks for the admin's current store; <paramref name="requestHost"/> is how the admin reached it.</summary>
    public async Task<IReadOnlyList<SetupCheck>> RunChecksAsync(string requestHost, CancellationToken cancellationToken)
    {
        var store = await storeContext.GetCurrentStoreAsync();
        var effective = await settingsProvider.GetAsync(store.Id);
        var settings = effective.Settings;
        var checks = SetupChecks.Run(new SetupCheckInput(
            settings.CheckoutId,
            effective.Keys.SecretKey.Length > 0,
            effective.Keys.TestKey is not null,
            settings.TestMode,
            await storeLocation.GetAsync(store.Id),
            (await stores.GetStoreByIdAsync(store.Id))?.Url ?? "",
            requestHost,
            demoMode.IsOn)).ToList();

        if (!effective.HasApiCredentials)
        {
            checks.Add(new SetupCheck(SetupChecks.Api, "NotSet", CheckLevel.Warning));
        }
        else
        {
            ConnectionCheckResult result;
            try
            {
                result = await connectionCheck.RunAsync(await apiAccess.CredentialsAsync(effective, store.Id), settings.CheckoutId, cancellationToken);
            }
            catch (InterkassaApiException)
            {
                // The demo's in-store API path outside demo mode: nothing to call.
                result = new ConnectionCheckResult(ConnectionOutcome.Unreachable, [], null, null);
            }


            checks.Add(result.Outcome == ConnectionOutcome.Ok
                ? new SetupCheck(SetupChecks.Api, "Ok", CheckLevel.Ok, result.CheckoutName ?? settings.CheckoutId)
                : new SetupCheck(SetupChecks.Api, "Failed", CheckLevel.Error, result.Outcome.ToString()));
        }

        return checks;
    }

    /// <summary>
    /// Places the test order with the guid the page chose (so that the page can follow it) and builds its payment form
    /// (in test mode with the test payway chosen in advance). The same guid again (a second click) builds a new form for the same unpaid order.
    /// </summary>
    public async Task<TestOrderStart> StartAsync(Guid orderGuid, CancellationToken cancellationToken)
    {
        var customer = await workContext.GetCurrentCustomerAsync();
        var order = await orders.GetOrderByGuidAsync(orderGuid);
        if (order is not null)
        {
            if (order.CustomerId != customer.Id || !IsInterkassa(order))
                return new(null, null, await TextAsync("Assistant.Start.NotATestOrder"));
            if (order.PaymentStatus != PaymentStatus.Pending || order.OrderStatus == OrderStatus.Cancelled)
                return new(order, null, await TextAsync("Assistant.Start.AlreadyPaid"));
        }
        else
        {
            var store = await storeContext.GetCurrentStoreAsync();
            var product = await TestProductAsync();
            var placed = await placement.PlaceOrderAsync(new OrderPlacementRequest(customer.Id, store.Id, [new OrderPlacementItem(product.Id, 1)],
                InterkassaDefaults.SystemName)
            {
                LanguageId = (await workContext.GetWorkingLanguageAsync()).Id,
                OrderGuid = orderGuid,
            });
            if (placed.Order is null)
                return new(null, null, string.Join(" ", placed.Errors.Prepend(await TextAsync("Assistant.Start.OrderFailed"))));
            order = placed.Order;
        }

        // In test mode the test payway is chosen in advance: Interkassa opens it straight away, and the admin cannot pay
        // the test order with real money by picking a card on its choice page. Live, the test is a real payment.
        var testMode = (await settingsProvider.GetAsync(order.StoreId)).Settings.TestMode;
        var (form, error) = await forms.CreateAsync(order, cancellationToken, payWith: testMode ? InterkassaProtocol.TestPayway : null);
        return new(order, form, error);
    }

    /// <summary>The live test's progress for the order with this guid; null when it is not an Interkassa order.</summary>
    public async Task<TestOrderStatus?> GetStatusAsync(Guid orderGuid, CancellationToken cancellationToken)
    {
        var order = await orders.GetOrderByGuidAsync(orderGuid);
        if (order is null || !IsInterkassa(order))
            return null;

        var effective = await settingsProvider.GetAsync(order.StoreId);
        var requests = await db.PaymentRequests.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var numbers = requests.Select(r => r.PaymentNo).ToList();
        var rows = numbers.Count == 0
            ? []
            : await db.Notifications.AsNoTracking()
                .Where(n => n.Source == JournalSources.Notification && n.PaymentNo != null && numbers.Contains(n.PaymentNo))
                .OrderBy(n => n.Id).ToListAsync(cancellationToken);

        var notifications = rows.Select(n => new TestNotification(
            DateTime.SpecifyKind(n.ReceivedOnUtc, DateTimeKind.Utc),
            n.Verdict,
            n.Reason,
            n.State,
            null,
            n.Verdict == NotificationVerdicts.Rejected
                ? NotificationDiagnosis.Diagnose(JournalFields.DecodeForVerification(n.Body), n.Reason, effective.VerificationContext)
                : null)).ToList();

        var paid = order.PaymentStatus is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded;
        InterkassaSide? side = null;
        if (effective.HasApiCredentials && !paid && notifications.Count == 0 && requests.Count > 0)
            side = await invoiceSide.FindAsync(effective, order, requests, cancellationToken);

        var status = LiveTestProgress.Evaluate(new LiveTestInput(
            time.GetUtcNow().UtcDateTime,
            requests.Count == 0 ? null : DateTime.SpecifyKind(requests[^1].CreatedOnUtc, DateTimeKind.Utc),
            paid ? DateTime.SpecifyKind(order.PaidDateUtc ?? time.GetUtcNow().UtcDateTime, DateTimeKind.Utc) : null,
            notifications,
            side,
            NoNotificationAfter));
        return new(order, status, await storeLocation.GetAsync(order.StoreId) + InterkassaDefaults.NotifyPath);
    }

    private async Task<Product> TestProductAsync()
    {
        if (await products.GetProductBySkuAsync(TestProductSku) is { } existing)
            return existing;
        var product = new Product
        {
            Name = await TextAsync("Assistant.TestProduct.Name"),
            ShortDescription = await TextAsync("Assistant.TestProduct.Description"),
            Sku = TestProductSku,
            Price = TestProductPrice,
            // Hidden from the catalogue and the cart: only the assistant orders it.
            Published = false,
            DisplayOrder = int.MaxValue,
        };
        await products.InsertProductAsync(product);
        return product;
    }

    private static bool IsInterkassa(Order order) =>
        string.Equals(order.PaymentMethodSystemName, InterkassaDefaults.SystemName, StringComparison.OrdinalIgnoreCase);

    private Task<string> TextAsync(string name) => localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + name);
}
