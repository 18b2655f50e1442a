namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>A payment request value that Interkassa would refuse; it is never sent.</summary>
public sealed class PaymentFormException : Exception
{
    public PaymentFormException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The wire name of the offending field (e.g. <c>ik_am</c>), or <c>SciUrl</c> for the form's action.</summary>
    public string Field { get; }
}
