using Plugin.Payments.Interkassa.Data;
using Plugin.Payments.Interkassa.Payments;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Protocol;
using Shop.Abstractions.Domain;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Payments;

/// <summary>
/// Property: whatever a buyer or an admin types, no re-cutting of a payment form the store signs is accepted as a
/// paid notification. Buyer text reaches a signed value only through the e-mail (ik_cli); store-made text through
/// the description template (ik_desc). Names, addresses and comments are never signed by this plugin.
/// </summary>
[Category(TestCategories.Fast)]
public class RecutPropertyTests
{
    private const string TestKey = NotificationBuilder.TestKey;
    private static readonly Guid OrderGuid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static IEnumerable<string> AdversarialEmails(Random random, string paymentNo)
    {
        yield return $"\"x:{NotificationBuilder.CheckoutId}:RUB:1:success:{paymentNo}:z\"@example.com";
        yield return $"\"50.00:{NotificationBuilder.CheckoutId}:RUB:success\"@example.com";
        yield return "a:b:c@example.com";
        yield return "buyer@example.com";
        string[] pieces = [":", "\"", "success", paymentNo, NotificationBuilder.CheckoutId, "RUB", "50.00", "1", "x", ".", "@", "\n", " ", OrderGuid.ToString("D"), "2025-11-20 14:03:11"];
        for (var i = 0; i < 300; i++)
            yield return string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)])) + "@example.com";
    }

    private static IEnumerable<string> AdversarialTemplates(Random random)
    {
        yield return "Оплата заказа №{0}";
        yield return "Заказ: {0}: success";
        yield return "\"{0}\":success:RUB:1";
        string[] pieces = [":", "\"", "success", "{0}", "RUB", "Магазин «Ромашка»", "\r\n", "'"];
        for (var i = 0; i < 50; i++)
            yield return string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
    }

    [Test]
    public void No_re_cut_of_any_signed_form_is_accepted_as_a_paid_notification()
    {
        var random = new Random(20261201);
        var checkedForms = 0;
        foreach (var template in AdversarialTemplates(random))
        {
            foreach (var email in AdversarialEmails(random, "1001").Take(40))
            {
                var description = PaymentFormService.Signable(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "1001"));
                if (description.Length == 0)
                    continue;
                var request = new PaymentFormRequest
                {
                    SciUrl = "https://sci.interkassa.com/",
                    CheckoutId = NotificationBuilder.CheckoutId,
                    PaymentNo = "1001",
                    Amount = 50m,
                    Currency = "RUB",
                    Description = description,
                    PayerContact = PaymentFormService.SignedPayerContact(email),
                    InteractionUrl = "https://shop.example:8443/Plugins/PaymentInterkassa/Notify",
                    InteractionMethod = "post",
                    SuccessUrl = "https://shop.example:8443/Plugins/PaymentInterkassa/Success",
                    SuccessMethod = "post",
                    CustomFields = new Dictionary<string, string> { [InterkassaDefaults.OrderGuidField] = OrderGuid.ToString("D") },
                    // ik_exp is the one signed value besides the URLs that holds ':' (digits from the store's clock).
                    Lifetime = TimeSpan.FromHours(1),
                    ExpiresAt = new DateTimeOffset(2026, 12, 1, 14, 3, 11, TimeSpan.Zero).AddSeconds(random.Next(0, 86_400)),
                };

                // The form is signed with the secret key; a re-cut uses a live payway to be verified with that key.
                var form = PaymentFormBuilder.Build(request, NotificationBuilder.SecretKey, SignatureAlgorithm.Md5);
                checkedForms++;
                Assert.That(form.Fields.Where(f => !f.Key.EndsWith("_u", StringComparison.Ordinal) && f.Key is not (InterkassaProtocol.SignField or "ik_exp"))
                    .Any(f => f.Value.Contains(':', StringComparison.Ordinal)), Is.False, $"a signed value holds ':' for {email} / {template}");
                Assert.That(form.Fields.Single(f => f.Key == "ik_exp").Value, Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), "ik_exp: digits only between its ':'");

                var sign = form.Fields.Single(f => f.Key == InterkassaProtocol.SignField).Value;
                foreach (var candidate in FormRecutter.SuccessCandidates(FormRecutter.SignedString(form.Fields)))
                    Assert.That(Accepted(candidate, sign, request), Is.False, $"re-cut accepted: {string.Join('&', candidate)}");
            }
        }

        Assert.That(checkedForms, Is.GreaterThan(1000), "enough forms were built");
    }

    [Test]
    public void The_re_cut_from_the_attack_report_is_found_by_the_search_when_buyer_text_with_colons_is_signed()
    {
        // The search itself must be able to find the attack, or the property above proves nothing: sign the quoted
        // e-mail as the old store did (bypassing the builder's rule) and the report's re-cut appears.
        var fields = new List<KeyValuePair<string, string>>
        {
            new("ik_am", "50.00"),
            new("ik_cli", $"\"x:{NotificationBuilder.CheckoutId}:RUB:1:success:1002:z\"@example.com"),
            new("ik_co_id", NotificationBuilder.CheckoutId),
            new("ik_cur", "RUB"),
            new("ik_pm_no", "1001"),
        };

        var candidates = FormRecutter.SuccessCandidates(FormRecutter.SignedString(fields));

        Assert.That(candidates.Any(c => c.Contains(new("ik_pm_no", "1002")) && c.Contains(new("ik_inv_st", "success"))), Is.True);
    }

    private static bool Accepted(List<KeyValuePair<string, string>> candidate, string sign, PaymentFormRequest request)
    {
        var fields = candidate.Append(new(InterkassaProtocol.SignField, sign)).ToList();
        var context = new NotificationVerificationContext(NotificationBuilder.CheckoutId,
            new InterkassaKeys(NotificationBuilder.SecretKey, TestKey, SignatureAlgorithm.Md5), TestMode: true);
        var parsed = NotificationParser.Parse(fields, context);
        if (!parsed.IsAccepted || parsed.Notification.State != InvoiceState.Success)
            return false;

        var stored = new PaymentRequestRecord
        {
            OrderId = 1, PaymentNo = request.PaymentNo, Amount = request.Amount, Currency = request.Currency, Description = request.Description,
        };
        var order = new Order { Id = 1, OrderGuid = OrderGuid, PaymentStatus = PaymentStatus.Pending };
        var known = parsed.Notification.PaymentNo == stored.PaymentNo;
        var input = new AcceptanceInput(JournalSources.Notification, NotificationBuilder.CheckoutId, TestMode: true,
            known ? stored : null, known ? order : null, InvoiceOrderId: null, CanConfirmWithApi: false);
        return PaymentAcceptance.Check(parsed.Notification, input) is null;
    }
}
