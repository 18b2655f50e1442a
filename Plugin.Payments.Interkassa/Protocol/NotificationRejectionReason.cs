namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>Why the protocol layer refused a notification, in the order the checks run.</summary>
public enum NotificationRejectionReason
{
    Malformed,
    Signature,
    Checkout,
    TestPayment,
}

/// <summary>The reasons as the notification endpoint answers them (<c>ERR &lt;reason&gt;</c>).</summary>
public static class NotificationRejectionReasons
{
    public static string ToWire(NotificationRejectionReason r) => r switch
    {
        NotificationRejectionReason.Malformed => "malformed",
        NotificationRejectionReason.Signature => "signature",
        NotificationRejectionReason.Checkout => "checkout",
        NotificationRejectionReason.TestPayment => "test-payment",
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, "Not a rejection reason."),
    };
}

/// <summary>
/// Why exactly the protocol layer refused a notification, as codes the plugin renders in the admin's language
/// (resource <c>Journal.Details.Protocol.&lt;code&gt;</c>, arguments in <see cref="NotificationParseResult.DetailArguments"/>).
/// </summary>
public static class NotificationRejectionDetails
{
    public const string TooManyFields = nameof(TooManyFields);
    public const string UnnamedField = nameof(UnnamedField);
    public const string LongFieldName = nameof(LongFieldName);
    public const string LongFieldValue = nameof(LongFieldValue);
    public const string RepeatedField = nameof(RepeatedField);
    public const string MissingField = nameof(MissingField);
    public const string UnknownState = nameof(UnknownState);
    public const string FieldFormat = nameof(FieldFormat);
    public const string NoSecretKey = nameof(NoSecretKey);
    public const string NoTestKey = nameof(NoTestKey);
    public const string SignatureMissing = nameof(SignatureMissing);
    public const string SignatureEmpty = nameof(SignatureEmpty);
    public const string SecretKeyMismatch = nameof(SecretKeyMismatch);
    public const string TestKeyMismatch = nameof(TestKeyMismatch);
    public const string OtherCheckout = nameof(OtherCheckout);
    public const string TestPaymentInLiveMode = nameof(TestPaymentInLiveMode);
}
