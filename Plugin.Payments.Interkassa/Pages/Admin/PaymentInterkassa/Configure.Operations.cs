using Microsoft.AspNetCore.Mvc;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The configure form's two checks, each its own button and handler: test connection and the signature self-test.
/// Both use the values on the form (a field left empty falls back to the saved value), save nothing, and show the
/// form again exactly as typed — keys included, encrypted — so that the next «Save» saves what the admin sees.
/// </summary>
public sealed partial class ConfigureModel
{
    public ConnectionCheckResult? Connection { get; private set; }

    public SelfTestReport? SelfTest { get; private set; }

    /// <summary>Test connection with the typed API access.</summary>
    public async Task<IActionResult> OnPostTestConnectionAsync([FromServices] ConnectionCheck check, [FromServices] ApiAccess apiAccess,
        CancellationToken cancellationToken)
    {
        View = await editor.LoadAsync();
        var stored = View.Stored;
        var secrets = TypedSecrets.Read(Input, stored, protector);
        ModelState.Clear();
        var apiKey = secrets.Api.New.Length > 0 ? secrets.Api.New : secrets.Api.Remove ? "" : protector.Unprotect(stored.ProtectedApiKey);

        var apiUrl = await apiAccess.AbsoluteAsync(Pick(Input.ApiUrl, stored.ApiUrl), StoreScope == 0 ? null : StoreScope);
        var accountId = Pick(Input.ApiAccountId, stored.ApiAccountId);
        var credentials = new InterkassaApiCredentials(apiUrl, Pick(Input.ApiUserId, stored.ApiUserId), apiKey, accountId.Length == 0 ? null : accountId);
        Connection = await check.RunAsync(credentials, Pick(Input.CheckoutId, stored.CheckoutId), cancellationToken);
        KeepTypedSecrets(secrets);
        return Page();
    }

    /// <summary>Signature self-test with the typed checkout, key, algorithm and payment page.</summary>
    public async Task<IActionResult> OnPostSelfTestAsync([FromServices] ApiAccess apiAccess, [FromServices] ICurrencyService currencies,
        [FromServices] ILocalizationService text, [FromServices] TimeProvider time)
    {
        View = await editor.LoadAsync();
        var stored = View.Stored;
        var secrets = TypedSecrets.Read(Input, stored, protector);
        ModelState.Clear();
        var secretKey = secrets.Secret.New.Length > 0 ? secrets.Secret.New : secrets.Secret.Remove ? "" : protector.Unprotect(stored.ProtectedSecretKey);
        var paymentCurrency = Pick(Input.PaymentCurrency, stored.PaymentCurrency).ToUpperInvariant();
        var currency = paymentCurrency.Length > 0 ? paymentCurrency : (await currencies.GetPrimaryStoreCurrencyAsync()).CurrencyCode;
        SelfTest = SignatureSelfTest.Build(Pick(Input.CheckoutId, stored.CheckoutId), secretKey, Input.Algorithm,
            await apiAccess.AbsoluteAsync(Pick(Input.SciUrl, stored.SciUrl), StoreScope == 0 ? null : StoreScope), currency,
            await text.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "SelfTest.SampleDescription"), time.GetUtcNow().UtcDateTime);
        KeepTypedSecrets(secrets);
        return Page();
    }

    private static string Pick(string? typed, string stored) => string.IsNullOrWhiteSpace(typed) ? stored : typed.Trim();
}
