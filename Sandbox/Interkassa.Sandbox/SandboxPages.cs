using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Interkassa.Sandbox;

/// <summary>The sandbox's HTML pages, Russian first and English second. Every value is HTML-encoded.</summary>
public static class SandboxPages
{
    // Immutable and thread-safe; all ranges allowed so that Cyrillic stays readable in the source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Css = """
        :root { color-scheme: light; --ik: #1f6feb; --ok: #1a7f37; --bad: #cf222e; --wait: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f3f5f8; color: #1f2328; }
        main { max-width: 560px; margin: 40px auto; background: #fff; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08); padding: 28px 32px; }
        header { display: flex; justify-content: space-between; align-items: center; margin-bottom: 20px; }
        .brand { font-weight: 700; font-size: 20px; color: var(--ik); }
        .badge { font-size: 12px; padding: 2px 8px; border-radius: 999px; background: #fff8c5; border: 1px solid #d4a72c; color: #7d4e00; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        .en { color: #656d76; font-size: 14px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 20px 0; }
        dt { color: #656d76; }
        dd { margin: 0; word-break: break-word; }
        .amount { font-size: 28px; font-weight: 700; }
        .buttons { display: flex; flex-direction: column; gap: 10px; margin-top: 20px; }
        button { font: inherit; padding: 12px 16px; border-radius: 8px; border: 1px solid transparent; cursor: pointer; }
        .pay { background: var(--ok); color: #fff; }
        .fail { background: #fff; color: var(--bad); border-color: var(--bad); }
        .pending { background: #fff; color: var(--wait); border-color: var(--wait); }
        .secondary { background: var(--ik); color: #fff; }
        ul.errors { padding-left: 20px; color: var(--bad); }
        details { margin-top: 24px; font-size: 14px; color: #656d76; }
        details label { display: block; margin: 6px 0; }
        details input[type=number] { width: 100px; }
        code { background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
        .state-success { color: var(--ok); } .state-fail { color: var(--bad); } .state-waitAccept { color: var(--wait); }
        """;

    public static string Encode(string? value) => Encoder.Encode(value ?? "");

    public static string PaymentPage(SandboxPayment payment, string payAction, bool offerLivePayway = true)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var body = new StringBuilder();
        body.Append("<h1>Оплата заказа</h1><div class=\"en\">Payment</div>");
        body.Append("<dl>");
        Row(body, "Сумма", "Amount", $"<span class=\"amount\" id=\"amount\">{Encode(IkFormat.Money(payment.Amount))}</span> <span id=\"currency\">{Encode(payment.Currency)}</span>");
        Row(body, "Описание", "Description", $"<span id=\"description\">{Encode(payment.Description)}</span>");
        Row(body, "Номер платежа", "Payment number", $"<span id=\"payment-no\">{Encode(payment.PaymentNo)}</span>");
        Row(body, "Касса", "Checkout", $"<code>{Encode(payment.CheckoutId)}</code>");
        if (payment.TestPaywayChosen)
        {
            Row(body, "Способ оплаты", "Payway", $"<span id=\"payway\">тестовый, выбран магазином / test, chosen by the shop (<code>{Encode(NotificationBuilder.TestPayway)}</code>)</span>");
        }

        body.Append("</dl>");
        body.Append($"<form method=\"post\" action=\"{Encode(payAction)}\" accept-charset=\"UTF-8\">");
        body.Append("<div class=\"buttons\">");
        body.Append("<button type=\"submit\" name=\"choice\" value=\"success\" class=\"pay\">Оплатить / Pay</button>");
        body.Append("<button type=\"submit\" name=\"choice\" value=\"fail\" class=\"fail\">Отказ / Fail</button>");
        body.Append("<button type=\"submit\" name=\"choice\" value=\"pending\" class=\"pending\">Оставить в ожидании / Leave pending</button>");
        body.Append("</div>");
        body.Append("<details><summary>Сбои для тестов / Test faults</summary>");
        body.Append("<label>Копий уведомления / Duplicates <input type=\"number\" name=\"duplicates\" min=\"1\" max=\"50\"></label>");
        body.Append("<label>Задержка, мс / Delay, ms <input type=\"number\" name=\"delayMs\" min=\"0\"></label>");
        body.Append("<label><input type=\"checkbox\" name=\"dropFirst\" value=\"true\"> Потерять первое уведомление / Drop the first delivery</label>");
        body.Append("<label><input type=\"checkbox\" name=\"tamper\" value=\"true\"> Испортить подпись / Tamper with the signature</label>");
        body.Append("<label><input type=\"checkbox\" name=\"wrongKey\" value=\"true\"> Подписать чужим ключом / Sign with another key</label>");
        body.Append("<label><input type=\"checkbox\" name=\"wrongAlgorithm\" value=\"true\"> Подписать другим алгоритмом / Sign with the other algorithm</label>");
        body.Append("<label><input type=\"checkbox\" name=\"drop\" value=\"true\"> Не отправлять уведомление / Drop every delivery</label>");
        body.Append("<label><input type=\"checkbox\" name=\"unreachable\" value=\"true\"> URL магазина недоступен / Shop URL unreachable</label>");
        if (offerLivePayway)
        {
            body.Append("<label><input type=\"checkbox\" name=\"live\" value=\"true\"> Боевой способ оплаты / Live payway</label>");
        }

        body.Append("</details></form>");
        return Layout("Оплата / Payment", body.ToString());
    }

    public static string ErrorPage(IEnumerable<SciError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var body = new StringBuilder();
        body.Append("<h1>Ошибка в запросе на оплату</h1><div class=\"en\">The payment request is invalid</div>");
        body.Append("<ul class=\"errors\">");
        foreach (var error in errors)
        {
            body.Append($"<li class=\"error\" data-field=\"{Encode(error.Field)}\"><strong>{Encode(error.Field)}</strong>: {Encode(error.Russian)} / {Encode(error.English)}</li>");
        }

        body.Append("</ul>");
        return Layout("Ошибка / Error", body.ToString());
    }

    public static string MessagePage(string russianTitle, string englishTitle, string russian, string english)
    {
        var body = $"<h1>{Encode(russianTitle)}</h1><div class=\"en\">{Encode(englishTitle)}</div><p>{Encode(russian)}</p><p class=\"en\">{Encode(english)}</p>";
        return Layout($"{russianTitle} / {englishTitle}", body);
    }

    /// <summary>Shown when the request gave no return URL for the outcome.</summary>
    public static string ResultPage(SandboxInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var (ru, en) = invoice.State switch
        {
            IkStates.Success => ("Платёж выполнен", "Payment succeeded"),
            IkStates.Fail => ("Платёж отклонён", "Payment failed"),
            _ => ("Платёж ожидает оплаты", "Payment is pending"),
        };
        var body = new StringBuilder();
        body.Append($"<h1 class=\"state-{Encode(invoice.State)}\">{Encode(ru)}</h1><div class=\"en\">{Encode(en)}</div><dl>");
        Row(body, "Сумма", "Amount", $"{Encode(IkFormat.Money(invoice.Amount))} {Encode(invoice.Currency)}");
        Row(body, "Номер платежа", "Payment number", Encode(invoice.PaymentNo));
        Row(body, "Счёт Интеркассы", "Invoice", $"<span id=\"invoice-id\">{Encode(invoice.Id)}</span>");
        Row(body, "Состояние", "State", $"<code id=\"state\">{Encode(invoice.State)}</code>");
        body.Append("</dl>");
        return Layout($"{ru} / {en}", body.ToString());
    }

    /// <summary>Returns the buyer by POST: submits itself, with a visible button for browsers without scripts.</summary>
    public static string ReturnForm(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = new StringBuilder();
        body.Append("<h1>Возврат в магазин</h1><div class=\"en\">Returning to the shop</div>");
        body.Append($"<form id=\"return\" method=\"post\" action=\"{Encode(url)}\" accept-charset=\"UTF-8\">");
        foreach (var (name, value) in fields)
        {
            body.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">");
        }

        body.Append("<div class=\"buttons\"><button type=\"submit\" class=\"secondary\">Вернуться в магазин / Return to the shop</button></div></form>");
        body.Append("<script>document.getElementById('return').submit();</script>");
        return Layout("Возврат / Return", body.ToString());
    }

    /// <summary>What a bare <c>GET {prefix}/</c> shows: what this is and where to look.</summary>
    public static string LandingPage(IEnumerable<string> checkoutIds, string basePath)
    {
        ArgumentNullException.ThrowIfNull(checkoutIds);
        var body = new StringBuilder();
        body.Append("<h1>Песочница Интеркассы</h1><div class=\"en\">Interkassa sandbox</div>");
        body.Append("<p>Примите форму оплаты (SCI) методом POST или GET на этот адрес. <span class=\"en\">Send the SCI payment form here by POST or GET.</span></p>");
        body.Append("<p>Кассы / Checkouts:</p><ul>");
        foreach (var id in checkoutIds)
        {
            body.Append($"<li><code>{Encode(id)}</code></li>");
        }

        body.Append($"</ul><p><a href=\"{Encode(basePath)}/_sandbox/invoices\">Счета / Invoices (JSON)</a></p>");
        return Layout("Interkassa sandbox", body.ToString());
    }

    private static void Row(StringBuilder body, string russian, string english, string valueHtml) =>
        body.Append($"<dt>{Encode(russian)}<br><span class=\"en\">{Encode(english)}</span></dt><dd>{valueHtml}</dd>");

    private static string Layout(string title, string bodyHtml) =>
        $"""
        <!DOCTYPE html>
        <html lang="ru">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title>
        <style>{Css}</style>
        </head>
        <body>
        <main>
        <header><span class="brand">interkassa</span><span class="badge">ПЕСОЧНИЦА · SANDBOX</span></header>
        {bodyHtml}
        </main>
        </body>
        </html>
        """;
}
