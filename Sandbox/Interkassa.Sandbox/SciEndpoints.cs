using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary>The buyer's side: the SCI form, the payment page, the choice and the return to the shop.</summary>
internal static class SciEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder group, SandboxRoutes routes)
    {
        group.MapMethods("/", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, IOptions<SandboxOptions> options, SandboxMountRules rules, SandboxStore store, TimeProvider time) =>
            StartAsync(http, routes, options.Value, rules, store, time));
        group.MapPost("/pay/{paymentId}", (string paymentId, HttpContext http, IOptions<SandboxOptions> options, SandboxMountRules rules, SandboxStore store,
            NotificationDispatcher dispatcher, TimeProvider time) =>
            PayAsync(paymentId, http, options.Value, rules, store, dispatcher, time));
    }

    /// <summary>Where the notification of <paramref name="payment"/> goes: the mount's fixed URL, else the request's <c>ik_ia_u</c>.</summary>
    internal static string? NotificationUrl(SandboxPayment payment, SandboxMountRules rules, HttpRequest request) =>
        rules.NotificationUrl is { } fixedUrl ? fixedUrl(request).ToString() : payment.Field("ik_ia_u");

    private static async Task<IResult> StartAsync(HttpContext http, SandboxRoutes routes, SandboxOptions options, SandboxMountRules rules, SandboxStore store, TimeProvider time)
    {
        var fields = await FormFields.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (HttpMethods.IsGet(http.Request.Method) && fields.Count == 0)
        {
            return Html(SandboxPages.LandingPage(options.Checkouts.Select(c => c.Id), routes.Base(http.Request)));
        }

        var validation = SciRequestValidator.Validate(fields, options, store, time.GetUtcNow());
        if (validation.Accepted is not { } accepted)
        {
            return Html(SandboxPages.ErrorPage(validation.Errors), StatusCodes.Status400BadRequest);
        }

        var kept = fields
            .Where(f => f.Key.StartsWith("ik_", StringComparison.Ordinal) && f.Key != IkSignature.SignField)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var payment = new SandboxPayment(
            Guid.NewGuid().ToString("N"),
            accepted.Checkout.Id,
            accepted.PaymentNo,
            accepted.Amount,
            accepted.Currency,
            accepted.Description,
            kept,
            time.GetUtcNow(),
            InvoiceId: null,
            accepted.Expires);
        store.AddPayment(payment);
        return Html(SandboxPages.PaymentPage(payment, $"{routes.Base(http.Request)}/pay/{payment.Id}", offerLivePayway: !rules.TestPaywayOnly && !payment.TestPaywayChosen));
    }

    private static async Task<IResult> PayAsync(string paymentId, HttpContext http, SandboxOptions options, SandboxMountRules rules, SandboxStore store,
        NotificationDispatcher dispatcher, TimeProvider time)
    {
        var payment = store.FindPayment(paymentId);
        if (payment is null)
        {
            return Html(SandboxPages.MessagePage("Платёж не найден", "Payment not found", "Начните оплату заново из магазина.", "Start the payment again from the shop."), StatusCodes.Status404NotFound);
        }

        var form = await FormFields.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var state = form.GetValueOrDefault("choice") switch
        {
            "success" => IkStates.Success,
            "fail" => IkStates.Fail,
            "pending" => IkStates.WaitAccept,
            _ => null,
        };
        if (state is null)
        {
            return Html(SandboxPages.MessagePage("Неверный выбор", "Invalid choice", "Поле choice: success, fail или pending.", "Field choice must be success, fail or pending."), StatusCodes.Status400BadRequest);
        }

        var defaults = DeliveryFaults.FromOptions(options.Faults);
        var testOnly = rules.TestPaywayOnly || payment.TestPaywayChosen;
        if (testOnly)
        {
            defaults = defaults with { Live = false };
        }

        var faults = DeliveryFaults.Override(defaults, form.GetValueOrDefault, out var faultError);
        if (faultError is not null)
        {
            return Html(SandboxPages.MessagePage("Неверный параметр сбоя", "Invalid fault switch", faultError, faultError), StatusCodes.Status400BadRequest);
        }

        if (testOnly && faults.Live)
        {
            return Html(SandboxPages.MessagePage("Только тестовая оплата", "Test payments only",
                rules.TestPaywayOnly
                    ? "Эта песочница платит только тестовым способом; боевой способ недоступен."
                    : "Магазин заранее выбрал тестовый способ оплаты; боевой способ недоступен.",
                rules.TestPaywayOnly
                    ? "This sandbox pays with the test payway only; the live payway is not available."
                    : "The shop chose the test payway in advance; the live payway is not available."), StatusCodes.Status400BadRequest);
        }

        var checkout = options.FindCheckout(payment.CheckoutId);
        if (checkout is null)
        {
            return Html(SandboxPages.MessagePage("Касса не найдена", "Checkout not found", payment.CheckoutId, payment.CheckoutId), StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        if (payment.IsExpired(now))
        {
            return Expire(payment, store, now);
        }

        var invoice = store.CreateInvoice(paymentId, (p, invoiceId) => new SandboxInvoice(
            invoiceId,
            p.Id,
            p.CheckoutId,
            p.PaymentNo,
            state,
            IkApiStates.FromNotificationState(state),
            p.Amount,
            p.Currency,
            p.Description,
            NotificationBuilder.Credited(p.Amount, checkout.CommissionPercent),
            p.Amount,
            NotificationBuilder.PaywayFor(faults.Live),
            now,
            now,
            Refunded: 0m));
        if (invoice is null)
        {
            return Html(SandboxPages.MessagePage("Платёж уже обработан", "Payment already processed", "По этому платежу уже выбран результат.", "An outcome was already chosen for this payment."), StatusCodes.Status409Conflict);
        }

        var notification = NotificationBuilder.Build(invoice, payment, checkout, state, faults.Tamper, faults.WrongKey, faults.WrongAlgorithm);
        await dispatcher.DeliverAsync(invoice.Id, notification, NotificationUrl(payment, rules, http.Request), payment.Field("ik_ia_m"), faults, http.RequestAborted).ConfigureAwait(false);
        return ReturnBuyer(payment, invoice, rules, http.Request);
    }

    /// <summary>
    /// The buyer chose too late: the invoice is recorded as expired (API state 5, final; no notification, none is
    /// owed for an invoice nobody paid) and the buyer is told to start again from the shop.
    /// </summary>
    private static IResult Expire(SandboxPayment payment, SandboxStore store, DateTimeOffset now)
    {
        store.CreateInvoice(payment.Id, (p, invoiceId) => new SandboxInvoice(
            invoiceId, p.Id, p.CheckoutId, p.PaymentNo, IkStates.Canceled, IkApiStates.Expired, p.Amount, p.Currency, p.Description,
            0m, 0m, "", p.Created, now, Refunded: 0m));
        return Html(SandboxPages.MessagePage("Срок оплаты истёк", "The invoice has expired",
            "Этот счёт больше нельзя оплатить. Вернитесь в магазин и начните оплату заново.",
            "This invoice can no longer be paid. Go back to the shop and start the payment again."), StatusCodes.Status410Gone);
    }

    /// <summary>Interkassa's return to the shop: unsigned, four fields only.</summary>
    private static IResult ReturnBuyer(SandboxPayment payment, SandboxInvoice invoice, SandboxMountRules rules, HttpRequest request)
    {
        var (urlField, methodField) = invoice.State switch
        {
            IkStates.Success => ("ik_suc_u", "ik_suc_m"),
            IkStates.Fail => ("ik_fal_u", "ik_fal_m"),
            _ => ("ik_pnd_u", "ik_pnd_m"),
        };
        var url = payment.Field(urlField);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target)
            || (rules.ReturnOnlyToOwnOrigin && !SandboxMountRules.IsSameOrigin(target, request)))
        {
            return Html(SandboxPages.ResultPage(invoice));
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ik_co_id"] = invoice.CheckoutId,
            ["ik_inv_id"] = invoice.Id,
            ["ik_inv_st"] = invoice.State,
            ["ik_pm_no"] = invoice.PaymentNo,
        };
        if (string.Equals(payment.Field(methodField), "post", StringComparison.OrdinalIgnoreCase))
        {
            return Html(SandboxPages.ReturnForm(target.ToString(), fields));
        }

        // 303: the buyer's browser follows with a GET whatever method reached /pay.
        return new SeeOtherResult(FormFields.AppendQuery(target, fields).ToString());
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, HtmlType, System.Text.Encoding.UTF8, status);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
