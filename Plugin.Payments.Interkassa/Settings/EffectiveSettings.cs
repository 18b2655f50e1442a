using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Protocol.Api;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>A store's settings with the secrets decrypted, for one operation; never logged or rendered.</summary>
public sealed class EffectiveSettings(InterkassaSettings settings, string secretKey, string testKey, string apiKey)
{
    public InterkassaSettings Settings { get; } = settings;

    public InterkassaKeys Keys { get; } = new(secretKey, testKey.Length == 0 ? null : testKey, settings.Algorithm);

    /// <summary>Enough is set to take payments: a checkout id and a secret key (and a test key in test mode).</summary>
    public bool CanTakePayments =>
        Settings.CheckoutId.Length > 0 && Keys.SecretKey.Length > 0 && (!Settings.TestMode || Keys.TestKey is not null);

    /// <summary>Whether the REST API can be called (refunds, reconciliation, connection check).</summary>
    public bool HasApiCredentials => Settings.ApiUserId.Length > 0 && apiKey.Length > 0 && Settings.ApiAccountId.Length > 0;

    public InterkassaApiCredentials ApiCredentials =>
        new(Settings.ApiUrl, Settings.ApiUserId, apiKey, Settings.ApiAccountId.Length == 0 ? null : Settings.ApiAccountId);

    public NotificationVerificationContext VerificationContext => new(Settings.CheckoutId, Keys, Settings.TestMode);
}
