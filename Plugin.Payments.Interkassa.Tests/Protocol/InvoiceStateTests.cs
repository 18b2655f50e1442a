using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

[Category(TestCategories.Fast)]
public class InvoiceStateTests
{
    [Test]
    public void Every_state_round_trips_through_its_wire_name()
    {
        foreach (var state in Enum.GetValues<InvoiceState>())
        {
            Assert.That(InvoiceStates.TryParse(InvoiceStates.ToWire(state), out var parsed) && parsed == state, Is.True, state.ToString());
        }
    }

    [TestCase(InvoiceState.WaitAccept, "waitAccept")]
    [TestCase(InvoiceState.Canceled, "canceled")]
    public void Wire_names_are_spelled_as_Interkassa_sends_them(InvoiceState state, string wire) =>
        Assert.That(InvoiceStates.ToWire(state), Is.EqualTo(wire));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("SUCCESS")]
    [TestCase("waitaccept")]
    [TestCase("cancelled")]
    [TestCase("paid")]
    public void Anything_else_is_not_a_state(string? wire) =>
        Assert.That(InvoiceStates.TryParse(wire, out _), Is.False);

    [TestCase(ApiInvoiceState.AwaitingPayment, InvoiceState.WaitAccept)]
    [TestCase(ApiInvoiceState.Processing, InvoiceState.Process)]
    [TestCase(ApiInvoiceState.RefundInProgress, InvoiceState.Success)]
    [TestCase(ApiInvoiceState.Expired, InvoiceState.Canceled)]
    [TestCase(ApiInvoiceState.Paid, InvoiceState.Success)]
    [TestCase(ApiInvoiceState.Canceled, InvoiceState.Canceled)]
    [TestCase(ApiInvoiceState.Refunded, InvoiceState.Success)]
    public void Api_states_map_to_the_state_of_the_payment_itself(ApiInvoiceState api, InvoiceState expected) =>
        Assert.That(ApiInvoiceStates.ToInvoiceState(api), Is.EqualTo(expected));

    [Test]
    public void No_api_state_maps_to_fail_so_a_refund_can_never_undo_a_paid_order() =>
        Assert.That(Enum.GetValues<ApiInvoiceState>().Select(ApiInvoiceStates.ToInvoiceState), Has.None.EqualTo(InvoiceState.Fail));

    [Test]
    public void Final_api_states_are_expired_paid_canceled_and_refunded() =>
        Assert.That(Enum.GetValues<ApiInvoiceState>().Where(ApiInvoiceStates.IsFinal),
            Is.EquivalentTo(new[] { ApiInvoiceState.Expired, ApiInvoiceState.Paid, ApiInvoiceState.Canceled, ApiInvoiceState.Refunded }));

    [TestCase(2, true)]
    [TestCase(9, true)]
    [TestCase(1, false)]
    [TestCase(6, false)]
    [TestCase(10, false)]
    public void Only_documented_codes_are_api_states(int code, bool known) =>
        Assert.That(ApiInvoiceStates.TryFromCode(code, out _), Is.EqualTo(known));
}
