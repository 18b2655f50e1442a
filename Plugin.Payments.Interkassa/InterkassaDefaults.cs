namespace Plugin.Payments.Interkassa;

/// <summary>The plugin's identity in one place: system name, routes, resource prefix, default URLs.</summary>
public static class InterkassaDefaults
{
    public const string SystemName = "Payments.Interkassa";
}
