namespace Plugin.Payments.Interkassa;

/// <summary>The plugin's identity in one place: system name, routes, resource prefix, default URLs.</summary>
public static class InterkassaDefaults
{
    public const string SystemName = "Payments.Interkassa";

    /// <summary>Interkassa's payment page (SCI).</summary>
    public const string SciUrl = "https://sci.interkassa.com/";

    /// <summary>Interkassa's REST API v1.</summary>
    public const string ApiUrl = "https://api.interkassa.com/v1/";

    public const string NotifyPath = "Plugins/PaymentInterkassa/Notify";
    public const string SuccessPath = "Plugins/PaymentInterkassa/Success";
    public const string FailPath = "Plugins/PaymentInterkassa/Fail";
    public const string PendingPath = "Plugins/PaymentInterkassa/Pending";
    public const string ConfigurePath = "/Admin/PaymentInterkassa/Configure";

    /// <summary>A store's own logo: <c>/Plugins/PaymentInterkassa/Logo/{storeId}</c>.</summary>
    public const string LogoPath = "Plugins/PaymentInterkassa/Logo";

    /// <summary>Every resource the plugin owns starts with this.</summary>
    public const string ResourcePrefix = "Plugins.Payments.Interkassa.";

    /// <summary>The store's resource naming the method at checkout.</summary>
    public const string FriendlyNameResource = "Plugins.FriendlyName.Payments.Interkassa";

    /// <summary>Prefix of the plugin's setting keys (the settings class name, lower case).</summary>
    public const string SettingsPrefix = "interkassasettings.";

    /// <summary>Setting key holding the installed schema version.</summary>
    public const string SchemaVersionSetting = "interkassa.schemaversion";

    /// <summary>Configuration section with demo credentials (the store's demo mode against the sandbox).</summary>
    public const string DemoSection = "Demo:Interkassa";

    /// <summary>Pass-through field carrying the order's guid (sent as ik_x_orderguid).</summary>
    public const string OrderGuidField = "orderguid";

    /// <summary>Largest notification body accepted; real ones are about 1 KB.</summary>
    public const int MaxNotificationBytes = 16 * 1024;

    /// <summary>Rate-limit policy of the notification endpoint: a token bucket per source address.</summary>
    public const string NotifyRateLimitPolicy = "interkassa-notify";

    /// <summary>Burst a source address may send at once (Interkassa's retries after an outage come in bursts).</summary>
    public const int NotifyBurst = 100;

    /// <summary>Sustained deliveries per second per source address; beyond it the answer is 429 and Interkassa retries.</summary>
    public const int NotifyPerSecond = 5;

    /// <summary>Configuration keys overriding <see cref="NotifyBurst"/> and <see cref="NotifyPerSecond"/>.</summary>
    public const string NotifyBurstSetting = "Interkassa:NotifyRateLimit:Burst";

    public const string NotifyPerSecondSetting = "Interkassa:NotifyRateLimit:PerSecond";

    /// <summary>Data Protection purpose for the plugin's secrets.</summary>
    public const string SecretsPurpose = "Plugin.Payments.Interkassa.Secrets.v1";
}
