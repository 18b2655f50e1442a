namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>An item of <c>GET co-invoice</c> or <c>GET co-invoice/{id}</c>.</summary>
/// <param name="CreditedAmount"><c>coRfn</c>: credited to the checkout after fees.</param>
/// <param name="PayerPrice"><c>psPrice</c>: paid by the buyer in the payment system.</param>
/// <param name="Payway"><c>pw</c>: the payway alias.</param>
/// <param name="Created">As sent; a Unix time is read as UTC.</param>
/// <param name="Refunded">The amount refunded so far (0 when none).</param>
public sealed record ApiInvoice(
    string Id,
    string CheckoutId,
    string PaymentNo,
    ApiInvoiceState State,
    decimal Amount,
    string Currency,
    decimal? CreditedAmount,
    decimal? PayerPrice,
    string? Payway,
    DateTime? Created,
    DateTime? Processed,
    decimal Refunded);
