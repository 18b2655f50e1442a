using Plugin.Payments.Interkassa.Protocol;
using Shop.Abstractions.Domain;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>What to do with an order for a verified invoice state.</summary>
public enum PaymentAction
{
    /// <summary>Mark the order paid (the store makes it exactly-once).</summary>
    MarkPaid,

    /// <summary>Money arrived for an order already paid (by hand, or by another invoice): record it once, change nothing.</summary>
    RecordPayment,

    /// <summary>Record the state in a note; the order's payment status stays.</summary>
    NoteOnly,

    /// <summary>The order is already past this state (a repeat, or a late fail after payment): change nothing.</summary>
    NoChange,

    /// <summary>Money arrived for an order that can no longer be paid (cancelled, voided): tell the admin.</summary>
    AlertAdmin,
}

/// <summary>The one place that maps (invoice state, current payment status) to an action; states only move forward.</summary>
public static class PaymentStateMachine
{
    public static PaymentAction Decide(InvoiceState state, Order order)
    {
        var open = order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized;
        return state switch
        {
            InvoiceState.Success when open && order.OrderStatus != OrderStatus.Cancelled => PaymentAction.MarkPaid,
            InvoiceState.Success when open => PaymentAction.AlertAdmin,
            InvoiceState.Success when order.PaymentStatus == PaymentStatus.Voided => PaymentAction.AlertAdmin,
            InvoiceState.Success => PaymentAction.RecordPayment,
            InvoiceState.Fail or InvoiceState.Canceled or InvoiceState.New or InvoiceState.WaitAccept or InvoiceState.Process
                when open => PaymentAction.NoteOnly,
            _ => PaymentAction.NoChange,
        };
    }
}
