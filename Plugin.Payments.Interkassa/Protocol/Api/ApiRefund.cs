namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>The answer to <c>POST refund</c>.</summary>
public sealed record ApiRefund(string Id, string InvoiceId, decimal Amount, ApiInvoiceState State);
