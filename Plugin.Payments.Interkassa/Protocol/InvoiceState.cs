using System.Diagnostics.CodeAnalysis;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>The invoice states a notification carries in <c>ik_inv_st</c>. Only <see cref="Success"/> means paid.</summary>
public enum InvoiceState
{
    New,
    WaitAccept,
    Process,
    Success,
    Canceled,
    Fail,
}

/// <summary>Wire names of <see cref="InvoiceState"/>.</summary>
public static class InvoiceStates
{
    /// <summary>Parses an <c>ik_inv_st</c> value; exact, case-sensitive match as Interkassa sends it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out InvoiceState state)
    {
        switch (value)
        {
            case "new": state = InvoiceState.New; return true;
            case "waitAccept": state = InvoiceState.WaitAccept; return true;
            case "process": state = InvoiceState.Process; return true;
            case "success": state = InvoiceState.Success; return true;
            case "canceled": state = InvoiceState.Canceled; return true;
            case "fail": state = InvoiceState.Fail; return true;
            default: state = default; return false;
        }
    }

    public static string ToWire(InvoiceState s) => s switch
    {
        InvoiceState.New => "new",
        InvoiceState.WaitAccept => "waitAccept",
        InvoiceState.Process => "process",
        InvoiceState.Success => "success",
        InvoiceState.Canceled => "canceled",
        InvoiceState.Fail => "fail",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "Not an Interkassa invoice state."),
    };
}

/// <summary>Invoice <c>state</c> codes of the REST API (<c>co-invoice</c>, <c>refund</c>).</summary>
public enum ApiInvoiceState
{
    AwaitingPayment = 2,
    Processing = 3,
    RefundInProgress = 4,
    Expired = 5,
    Paid = 7,
    Canceled = 8,
    Refunded = 9,
}

/// <summary>Reading and mapping the REST API's invoice state codes.</summary>
public static class ApiInvoiceStates
{
    /// <summary>True for a documented code (2, 3, 4, 5, 7, 8, 9).</summary>
    public static bool TryFromCode(int code, out ApiInvoiceState state)
    {
        state = (ApiInvoiceState)code;
        return Enum.IsDefined(state);
    }

    /// <summary>Expired, paid, canceled and refunded invoices never change again.</summary>
    public static bool IsFinal(ApiInvoiceState state) =>
        state is ApiInvoiceState.Expired or ApiInvoiceState.Paid or ApiInvoiceState.Canceled or ApiInvoiceState.Refunded;

    /// <summary>True when the buyer's money arrived at some point, even if it was (or is being) refunded since.</summary>
    public static bool WasPaid(ApiInvoiceState state) =>
        state is ApiInvoiceState.Paid or ApiInvoiceState.RefundInProgress or ApiInvoiceState.Refunded;

    /// <summary>
    /// The notification state that describes the payment itself. A refund (in progress or done) can only
    /// follow a successful payment, so both map to <see cref="InvoiceState.Success"/>: the payment did
    /// succeed, and mapping a refund to Fail would invite the "late fail undoes a paid order" bug. Whether
    /// money went back is a separate fact the caller reads from the API state or the refunded amount.
    /// An expired invoice was never paid and can no longer be, which is what Canceled means.
    /// </summary>
    public static InvoiceState ToInvoiceState(ApiInvoiceState state) => state switch
    {
        ApiInvoiceState.AwaitingPayment => InvoiceState.WaitAccept,
        ApiInvoiceState.Processing => InvoiceState.Process,
        ApiInvoiceState.Paid or ApiInvoiceState.RefundInProgress or ApiInvoiceState.Refunded => InvoiceState.Success,
        ApiInvoiceState.Expired or ApiInvoiceState.Canceled => InvoiceState.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a documented Interkassa API invoice state."),
    };
}
