using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.Store;

/// <summary>The storefront for a buyer: bad input gets messages next to the fields (never a 500, never an order), languages switch.</summary>
[Category(TestCategories.Database)]
public sealed class StorefrontTests
{
    private ShopFactory _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shop = await ShopFactory.StartAsync(new ShopFactoryOptions { SetUpPlugins = dir => TestPlugins.WriteFolder(dir, TestPluginKind.TestPay) });
        await PaymentPluginFlowTests.InstallAsync(_shop);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _shop.DisposeAsync();

    [Test]
    public async Task Bad_contact_input_gets_a_message_next_to_each_field_and_writes_nothing()
    {
        using var buyer = _shop.CreateBrowser();
        await StoreDriver.AddToCartAsync(buyer);
        var ordersBefore = await _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.CountAsync());

        using var empty = await StoreDriver.SubmitContactAsync(buyer, "", "", "");
        var emptyPage = await ShopPage.ParseHtmlAsync(empty);
        using var wrong = await StoreDriver.SubmitContactAsync(buyer, "not-an-email", new string('x', 201), "XX");
        var wrongPage = await ShopPage.ParseHtmlAsync(wrong);
        using var payment = await buyer.GetAsync(new Uri("/checkout/payment", UriKind.Relative));
        var orders = await _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(FieldError(emptyPage, "Input.Email"), Is.EqualTo("Введите адрес электронной почты."));
            Assert.That(FieldError(emptyPage, "Input.FullName"), Is.EqualTo("Введите имя и фамилию."));
            Assert.That(FieldError(emptyPage, "Input.Country"), Is.EqualTo("Выберите страну из списка."));
            Assert.That(FieldError(wrongPage, "Input.Email"), Is.EqualTo("Введите адрес вида name@example.com."));
            Assert.That(FieldError(wrongPage, "Input.FullName"), Is.EqualTo("Имя слишком длинное (до 200 символов)."));
            Assert.That(wrongPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.Email']")!.Value, Is.EqualTo("not-an-email"),
                "what the buyer typed is kept");
            Assert.That(payment.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "step 2 needs a valid contact");
            Assert.That(orders, Is.EqualTo(ordersBefore));
        });
    }

    [Test]
    public async Task Confirming_without_a_known_method_or_with_an_empty_cart_places_no_order()
    {
        using var buyer = _shop.CreateBrowser();
        using var emptyCart = await buyer.GetAsync(new Uri($"/checkout/confirm?method={TestPlugins.TestPaySystemName}", UriKind.Relative));
        await StoreDriver.AddToCartAsync(buyer);
        using (await StoreDriver.SubmitContactAsync(buyer, "buyer@example.com", "Иван Петров", "RU"))
        {
        }
        var confirm = await StoreDriver.ChoosePaymentMethodAsync(buyer, TestPlugins.TestPaySystemName);
        var token = ShopPage.GetAntiforgeryToken(confirm);
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var unknown = await buyer.PostAsync(new Uri("/checkout/confirm?method=Payments.Nope", UriKind.Relative), content);
        var orders = await _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.CountAsync(o => o.CustomerEmail == "buyer@example.com"));

        Assert.Multiple(() =>
        {
            Assert.That(emptyCart.Headers.Location?.ToString(), Is.EqualTo("/cart"));
            Assert.That(unknown.Headers.Location?.ToString(), Is.EqualTo("/checkout/payment"));
            Assert.That(orders, Is.Zero);
        });
    }

    [Test]
    public async Task A_double_submitted_confirmation_places_one_order()
    {
        using var buyer = _shop.CreateBrowser();
        await StoreDriver.AddToCartAsync(buyer);
        using (await StoreDriver.SubmitContactAsync(buyer, "twice@example.com", "Иван Петров", "RU"))
        {
        }
        var confirm = await StoreDriver.ChoosePaymentMethodAsync(buyer, TestPlugins.TestPaySystemName);

        var responses = await Task.WhenAll(StoreDriver.PlaceOrderAsync(buyer, confirm), StoreDriver.PlaceOrderAsync(buyer, confirm));
        var orders = await _shop.WithScopeAsync(services => services.GetRequiredService<ShopDbContext>().Orders.CountAsync(o => o.CustomerEmail == "twice@example.com"));
        foreach (var response in responses)
            response.Dispose();

        Assert.That(orders, Is.EqualTo(1));
    }

    [TestCase("/product/999999")]
    [TestCase("/order/00000000-0000-0000-0000-000000000001")]
    [TestCase("/order/not-a-guid")]
    [TestCase("/Plugins/Payments.TestPay/plugin.json")]
    [TestCase("/Plugins/Payments.TestPay/Plugin.Payments.TestPay.dll")]
    public async Task Unknown_things_are_a_404_page(string path)
    {
        using var response = await _shop.CreateBrowser().GetAsync(new Uri(path, UriKind.Relative));
        var page = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ShopPage.Text(page, "#error-title"), Is.EqualTo("Страница не найдена"));
        });
    }

    [Test]
    public async Task A_quantity_that_is_not_a_number_gets_a_message_next_to_the_field()
    {
        using var buyer = _shop.CreateBrowser();
        var catalogue = await ShopPage.GetAsync(buyer, "/");
        var link = catalogue.QuerySelector("article.product-card h2 a")!.GetAttribute("href")!;
        var product = await ShopPage.GetAsync(buyer, link);

        using var response = await ShopPage.SubmitAsync(buyer, product, "form", new Dictionary<string, string> { ["quantity"] = "abc" });
        var page = await ShopPage.ParseHtmlAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ShopPage.Text(page, "span[data-field=quantity]"), Is.EqualTo("Количество — целое число от 1 до 999."));
        });
    }

    [Test]
    public async Task Switching_to_English_renders_English_and_is_remembered()
    {
        using var buyer = _shop.CreateBrowser();
        var english = await ShopPage.GetAsync(buyer, "/?culture=en-US");
        var cart = await ShopPage.GetAsync(buyer, "/cart");
        var backToRussian = await ShopPage.GetAsync(buyer, "/cart?culture=ru-RU");

        Assert.Multiple(() =>
        {
            Assert.That(english.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));
            Assert.That(ShopPage.Text(english, "h1"), Is.EqualTo("Catalogue"));
            Assert.That(ShopPage.Text(english, "article.product-card button"), Is.EqualTo("Add to cart"));
            Assert.That(ShopPage.Text(english, ".switcher-current"), Is.EqualTo("English"));
            Assert.That(ShopPage.Text(cart, "h1"), Is.EqualTo("Cart"));
            Assert.That(ShopPage.Text(backToRussian, "h1"), Is.EqualTo("Корзина"));
        });
    }

    [Test]
    public async Task Prices_follow_the_chosen_currency_and_the_order_keeps_its_rate()
    {
        using var buyer = _shop.CreateBrowser();
        var usd = await ShopPage.GetAsync(buyer, "/?currency=USD");
        var price = usd.QuerySelectorAll("article.product-card").Single(c => ShopPage.Text(c, "h2") == StoreDriver.TestProduct);
        using var reader = _shop.CreateBrowser();
        var english = await ShopPage.GetAsync(reader, "/?currency=USD&culture=en-US");
        var englishPrice = english.QuerySelectorAll("article.product-card").Single(c => ShopPage.Text(c, "h2") == StoreDriver.TestProduct);

        using var response = await StoreDriver.CheckoutAsync(buyer, TestPlugins.TestPaySystemName, email: "usd@example.com");
        var order = await _shop.WithScopeAsync(services =>
            services.GetRequiredService<ShopDbContext>().Orders.AsNoTracking().SingleAsync(o => o.CustomerEmail == "usd@example.com"));

        Assert.Multiple(() =>
        {
            Assert.That(ShopPage.Text(price, ".price"), Is.EqualTo("0,63 $"), "dollars written the way a Russian reader writes money");
            Assert.That(ShopPage.Text(englishPrice, ".price"), Is.EqualTo("$0.63"), "and the way an English reader does");
            Assert.That(order.CustomerCurrencyCode, Is.EqualTo("USD"));
            Assert.That(order.CurrencyRate, Is.EqualTo(0.0125m));
            Assert.That(order.OrderTotal, Is.EqualTo(55m), "totals stay in the primary currency");
        });
    }

    private static string? FieldError(AngleSharp.Html.Dom.IHtmlDocument page, string field) =>
        ShopPage.Text(page, $"span[data-valmsg-for='{field}']");
}
