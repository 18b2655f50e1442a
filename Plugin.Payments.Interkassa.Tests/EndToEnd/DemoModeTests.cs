using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// Demo mode as `dotnet run --project Host/Shop.Web` starts it: the plugin installed and configured on first run
/// against the sandbox mounted in the store at /sandbox/interkassa, so a purchase works with no setup.
/// </summary>
public sealed class DemoModeTests
{
    [Test]
    public async Task Buying_the_test_product_in_a_fresh_demo_store_ends_with_a_paid_order()
    {
        await using var shop = await ShopFactory.StartAsync(new ShopFactoryOptions { DemoMode = true, SetUpPlugins = InterkassaStore.CopyPlugin });
        using var buyer = shop.CreateBrowser();

        using var handoff = await StoreDriver.CheckoutAsync(buyer, InterkassaDefaults.SystemName);
        Assert.That(handoff.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the hand-off form page");
        var form = (await ShopPage.ParseHtmlAsync(handoff)).QuerySelector<IHtmlFormElement>("form#payment-handoff")!;
        Assert.That(form.GetAttribute("action"), Is.EqualTo(new Uri(shop.BaseAddress, "/sandbox/interkassa/").ToString()));

        // The buyer's browser posts the form to the sandbox, sees the payment page and presses "Pay".
        using var paymentPage = await ShopPage.SubmitAsync(buyer, form);
        var payForm = (await ShopPage.ParseHtmlAsync(paymentPage)).QuerySelector<IHtmlFormElement>("form")!;
        using var back = await ShopPage.SubmitAsync(buyer, payForm, new Dictionary<string, string> { ["choice"] = "success" });
        Assert.That(back.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther));
        var returned = await ShopPage.FollowAsync(buyer, back);

        var guid = Guid.Parse(form.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "ik_x_orderguid").Value);
        var status = await shop.WithScopeAsync(async services =>
            (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Shop.Abstractions.Orders.IOrderService>(services).GetOrderByGuidAsync(guid))!.PaymentStatus);
        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(returned, ".ik-return h1"), Is.EqualTo("Заказ оплачен"));
            Assert.That(status, Is.EqualTo(PaymentStatus.Paid));
        });
    }
}
