using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Protocol.Api;
using Plugin.Payments.Interkassa.Settings;
using Shop.Abstractions.Directory;
using Shop.Abstractions.Localization;
using Shop.Abstractions.Settings;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// The configure page's operations section: test connection, signature self-test, the operations settings
/// and links to the journal. Each is its own handler; the services come per handler so the page's
/// constructor stays as it is.
/// </summary>
public sealed partial class ConfigureModel
{
    [BindProperty]
    public OperationsInput Operations { get; set; } = new();

    public ConnectionCheckResult? Connection { get; private set; }

    public SelfTestReport? SelfTest { get; private set; }

    /// <summary>Resource of an operations-settings error, or null.</summary>
    public string? OperationsError { get; private set; }

    public bool OperationsSaved { get; private set; }

    /// <summary>Test connection: the values typed in the form, or the stored ones where a field is empty.</summary>
    public async Task<IActionResult> OnPostTestConnectionAsync([FromServices] ConnectionCheck check, [FromServices] ApiAccess apiAccess,
        [FromServices] SecretProtector secrets, CancellationToken cancellationToken)
    {
        var stored = await LoadContextAsync();
        ModelState.Clear();
        static string Pick(string? typed, string stored) => string.IsNullOrWhiteSpace(typed) ? stored : typed.Trim();

        var apiUrl = await apiAccess.AbsoluteAsync(Pick(Input.ApiUrl, stored.ApiUrl), StoreScope == 0 ? null : StoreScope);
        var accountId = Pick(Input.ApiAccountId, stored.ApiAccountId);
        var credentials = new InterkassaApiCredentials(apiUrl, Pick(Input.ApiUserId, stored.ApiUserId),
            Pick(Input.ApiKey, secrets.Unprotect(stored.ProtectedApiKey)), accountId.Length == 0 ? null : accountId);
        Connection = await check.RunAsync(credentials, Pick(Input.CheckoutId, stored.CheckoutId), cancellationToken);
        Tab = "connection";
        return Page();
    }

    /// <summary>Signature self-test with the saved settings of the scope being configured.</summary>
    public async Task<IActionResult> OnPostSelfTestAsync([FromServices] InterkassaSettingsProvider settingsProvider, [FromServices] ApiAccess apiAccess,
        [FromServices] ICurrencyService currencies, [FromServices] ILocalizationService text, [FromServices] TimeProvider time)
    {
        await OnGetAsync();
        var effective = await settingsProvider.GetAsync(StoreScope);
        var settings = effective.Settings;
        var currency = settings.PaymentCurrency.Length > 0 ? settings.PaymentCurrency : (await currencies.GetPrimaryStoreCurrencyAsync()).CurrencyCode;
        SelfTest = SignatureSelfTest.Build(settings.CheckoutId, effective.Keys.SecretKey, settings.Algorithm,
            await apiAccess.AbsoluteAsync(settings.SciUrl, StoreScope == 0 ? null : StoreScope), currency,
            await text.GetResourceAsync(InterkassaDefaults.ResourcePrefix + "SelfTest.SampleDescription"), time.GetUtcNow().UtcDateTime);
        return Page();
    }

    /// <summary>Saves the operations settings (installation-wide).</summary>
    public async Task<IActionResult> OnPostOperationsAsync([FromServices] ISettingService settings)
    {
        await OnGetAsync();
        var values = new InterkassaOperationsSettings
        {
            ReconciliationIntervalMinutes = Operations.ReconciliationIntervalMinutes,
            ReconciliationMinAgeMinutes = Operations.ReconciliationMinAgeMinutes,
            ReconciliationLookbackDays = Operations.ReconciliationLookbackDays,
            JournalRetentionDays = Operations.JournalRetentionDays,
            PaymentLinkLifetimeDays = Operations.PaymentLinkLifetimeDays,
        };
        // Only this form's fields count: the settings form's Input is bound too (empty here), and its required
        // fields would make the whole ModelState invalid, so that the operations could never be saved.
        var numbersValid = ModelState.GetFieldValidationState(nameof(Operations)) != ModelValidationState.Invalid;
        OperationsError = numbersValid ? InterkassaOperationsSettings.Validate(values) : "Operations.Errors.Number";
        if (OperationsError is null)
        {
            await settings.SaveSettingAsync(values);
            OperationsSaved = true;
        }

        ModelState.Clear();
        return Page();
    }

    /// <summary>The operations form as posted.</summary>
    public sealed class OperationsInput
    {
        public int ReconciliationIntervalMinutes { get; set; }
        public int ReconciliationMinAgeMinutes { get; set; }
        public int ReconciliationLookbackDays { get; set; }
        public int JournalRetentionDays { get; set; }
        public int PaymentLinkLifetimeDays { get; set; }
    }
}
