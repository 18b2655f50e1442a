namespace Plugin.Payments.Interkassa.Settings;

/// <summary>How list settings (payways, currencies, countries, roles, addresses) are written: items separated by ';', ',', spaces or lines.</summary>
public static class SettingList
{
    public static IReadOnlyList<string> Split(string value) =>
        value.Split([';', ',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
