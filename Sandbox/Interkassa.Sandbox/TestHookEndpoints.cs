using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary><c>{prefix}/_sandbox/…</c>: what tests and the demo use to look inside the sandbox and steer it.</summary>
internal static class TestHookEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder group)
    {
        var hooks = group.MapGroup("/_sandbox");

        hooks.MapGet("/invoices", (HttpRequest request, SandboxStore store) =>
        {
            var checkoutId = request.Query["checkoutId"].ToString();
            var paymentNo = request.Query["paymentNo"].ToString();
            var list = store.ListInvoices(i =>
                (checkoutId.Length == 0 || i.CheckoutId == checkoutId) && (paymentNo.Length == 0 || i.PaymentNo == paymentNo));
            return Results.Json(list, SandboxJson.Options);
        });

        hooks.MapGet("/invoices/{invoiceId}", (string invoiceId, SandboxStore store) =>
            store.FindInvoice(invoiceId) is { } invoice
                ? Results.Json(invoice, SandboxJson.Options)
                : NotFound("invoice", invoiceId));

        hooks.MapGet("/payments/{paymentId}", (string paymentId, SandboxStore store) =>
            store.FindPayment(paymentId) is { } payment
                ? Results.Json(payment, SandboxJson.Options)
                : NotFound("payment", paymentId));

        hooks.MapPost("/invoices/{invoiceId}/resend", ResendAsync);
        hooks.MapPost("/invoices/{invoiceId}/cabinet-refund", CabinetRefundAsync);

        hooks.MapGet("/faults/api", (ApiFaultSwitch faults) => Results.Json(faults.Current(), SandboxJson.Options));
        hooks.MapPost("/faults/api", async (HttpRequest request, ApiFaultSwitch faults) =>
        {
            ApiFaultRequest? fault;
            try
            {
                fault = await request.ReadFromJsonAsync<ApiFaultRequest>(SandboxJson.Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return Results.Json(new { error = ex.Message }, SandboxJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            if (fault is null || fault.FailNextCalls < 0 || fault.Status is < 400 or > 599)
            {
                return Results.Json(new { error = "expected {\"failNextCalls\": N >= 0, \"status\": 400..599}" }, SandboxJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            faults.Set(fault);
            return Results.Json(faults.Current(), SandboxJson.Options);
        });
        return hooks;
    }

    /// <summary>
    /// Sends the invoice's notification again, optionally with another <c>state</c> (a late <c>fail</c> after
    /// <c>success</c>, say). The invoice itself keeps its state: this imitates a stray message, not a change.
    /// </summary>
    private static async Task<IResult> ResendAsync(string invoiceId, HttpContext http, IOptions<SandboxOptions> options, SandboxMountRules rules,
        SandboxStore store, NotificationDispatcher dispatcher)
    {
        var snapshot = store.FindInvoice(invoiceId);
        if (snapshot is null)
        {
            return NotFound("invoice", invoiceId);
        }

        var form = await FormFields.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var invoice = snapshot.Invoice;
        var state = form.GetValueOrDefault("state") is { Length: > 0 } requested ? requested : invoice.State;
        if (!IkStates.IsKnown(state))
        {
            return BadRequest($"state: unknown state '{state}'");
        }

        var faults = DeliveryFaults.Override(DeliveryFaults.FromOptions(options.Value.Faults), form.GetValueOrDefault, out var faultError);
        if (faultError is not null)
        {
            return BadRequest(faultError);
        }

        var payment = store.FindPayment(invoice.PaymentId);
        var checkout = options.Value.FindCheckout(invoice.CheckoutId);
        if (payment is null || checkout is null)
        {
            return BadRequest("the invoice's payment or checkout is gone");
        }

        // The payway (test or live) is the invoice's own; only the signature can be tampered with on resend.
        var notification = NotificationBuilder.Build(invoice, payment, checkout, state, faults.Tamper, faults.WrongKey, faults.WrongAlgorithm);
        await dispatcher.DeliverAsync(invoice.Id, notification, SciEndpoints.NotificationUrl(payment, rules, http.Request), payment.Field("ik_ia_m"), faults, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(store.FindInvoice(invoiceId), SandboxJson.Options);
    }

    /// <summary>
    /// A refund the merchant makes in Interkassa's cabinet, outside the store: no notification is sent, only the invoice
    /// changes, as <c>POST /v1/refund</c> changes it (partial: state 7 with a larger <c>refunded</c>; the rest: state 9).
    /// Form field <c>amount</c> (invariant, at most 2 decimals; empty: everything not yet refunded), optional <c>description</c>.
    /// </summary>
    private static async Task<IResult> CabinetRefundAsync(string invoiceId, HttpContext http, SandboxStore store)
    {
        var snapshot = store.FindInvoice(invoiceId);
        if (snapshot is null)
        {
            return NotFound("invoice", invoiceId);
        }

        var form = await FormFields.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var amount = snapshot.Invoice.Remaining;
        if (form.GetValueOrDefault("amount") is { Length: > 0 } text
            && !(decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out amount)
                 && decimal.Round(amount, 2) == amount))
        {
            return BadRequest("amount: expected digits with a dot and at most 2 decimals");
        }

        var outcome = store.Refund(invoiceId, amount, form.GetValueOrDefault("description") ?? "cabinet");
        return outcome.Refund is null
            ? Results.Json(new { error = outcome.Error }, SandboxJson.Options, statusCode: StatusCodes.Status409Conflict)
            : Results.Json(store.FindInvoice(invoiceId), SandboxJson.Options);
    }

    private static IResult NotFound(string what, string id) =>
        Results.Json(new { error = $"{what} {id} not found" }, SandboxJson.Options, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string error) =>
        Results.Json(new { error }, SandboxJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
