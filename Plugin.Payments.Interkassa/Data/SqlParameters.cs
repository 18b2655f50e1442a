namespace Plugin.Payments.Interkassa.Data;

/// <summary>Values for the plugin's raw SQL (<c>{0}</c> placeholders), which takes no null.</summary>
internal static class SqlParameters
{
    public static object OrNull(object? value) => value ?? DBNull.Value;
}
