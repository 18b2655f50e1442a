using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Plugin.Payments.Interkassa.Operations;
using Shop.Abstractions.Domain;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations;

[Category(TestCategories.Fast)]
public class PaymentLinkTests
{
    private static readonly Guid OrderGuid = Guid.Parse("3f2b8c4e-9d1a-4e7b-a6c5-1f0e2d3c4b5a");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _keys = new();

    private PaymentLinkTokens Tokens(IDataProtectionProvider? keys = null) => new(keys ?? _keys, _time);

    [Test]
    public void A_token_opens_the_link_of_its_own_order()
    {
        var tokens = Tokens();
        var token = tokens.Create(OrderGuid, TimeSpan.FromDays(7));

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Validate(OrderGuid, token), Is.EqualTo(PaymentLinkTokenStatus.Valid));
            Assert.That(Uri.EscapeDataString(token), Is.EqualTo(token), "URL-safe as it is");
            Assert.That(token, Does.Not.Contain(OrderGuid.ToString("N")), "the guid cannot be read from it");
        });
    }

    [Test]
    public void A_token_does_not_open_another_orders_link() =>
        Assert.That(Tokens().Validate(Guid.NewGuid(), Tokens().Create(OrderGuid, TimeSpan.FromDays(7))), Is.EqualTo(PaymentLinkTokenStatus.Invalid));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-a-token")]
    [TestCase("%%%")]
    public void A_missing_or_made_up_token_is_invalid(string? token) =>
        Assert.That(Tokens().Validate(OrderGuid, token), Is.EqualTo(PaymentLinkTokenStatus.Invalid));

    [Test]
    public void A_tampered_token_is_invalid()
    {
        var token = Tokens().Create(OrderGuid, TimeSpan.FromDays(7)).ToCharArray();
        token[token.Length / 2] = token[token.Length / 2] == 'A' ? 'B' : 'A';

        Assert.That(Tokens().Validate(OrderGuid, new string(token)), Is.EqualTo(PaymentLinkTokenStatus.Invalid));
    }

    [Test]
    public void A_token_made_with_other_keys_is_invalid() =>
        Assert.That(Tokens().Validate(OrderGuid, Tokens(new EphemeralDataProtectionProvider()).Create(OrderGuid, TimeSpan.FromDays(7))),
            Is.EqualTo(PaymentLinkTokenStatus.Invalid));

    [Test]
    public void A_token_expires_after_its_lifetime()
    {
        var tokens = Tokens();
        var token = tokens.Create(OrderGuid, TimeSpan.FromDays(7));

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.That(tokens.Validate(OrderGuid, token), Is.EqualTo(PaymentLinkTokenStatus.Valid));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(tokens.Validate(OrderGuid, token), Is.EqualTo(PaymentLinkTokenStatus.Expired));
    }

    private static Order Order(PaymentStatus payment = PaymentStatus.Pending, OrderStatus status = OrderStatus.Pending, string method = InterkassaDefaults.SystemName) =>
        new() { PaymentStatus = payment, OrderStatus = status, PaymentMethodSystemName = method };

    [Test]
    public void A_pending_interkassa_order_gets_a_link() =>
        Assert.That(PaymentLinkService.Refusal(Order()), Is.Null);

    [TestCase(PaymentStatus.Paid, OrderStatus.Processing, "PaymentLink.Refusals.Paid")]
    [TestCase(PaymentStatus.PartiallyRefunded, OrderStatus.Processing, "PaymentLink.Refusals.Paid")]
    [TestCase(PaymentStatus.Refunded, OrderStatus.Complete, "PaymentLink.Refusals.Paid")]
    [TestCase(PaymentStatus.Pending, OrderStatus.Cancelled, "PaymentLink.Refusals.Cancelled")]
    [TestCase(PaymentStatus.Voided, OrderStatus.Pending, "PaymentLink.Refusals.NotPending")]
    [TestCase(PaymentStatus.Authorized, OrderStatus.Pending, "PaymentLink.Refusals.NotPending")]
    public void Paid_cancelled_and_settled_orders_are_refused(PaymentStatus payment, OrderStatus status, string refusal) =>
        Assert.That(PaymentLinkService.Refusal(Order(payment, status)), Is.EqualTo(refusal));

    [Test]
    public void An_order_paid_with_another_method_is_refused() =>
        Assert.That(PaymentLinkService.Refusal(Order(method: "Payments.CheckMoneyOrder")), Is.EqualTo("PaymentLink.Refusals.NotInterkassa"));
}
