namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Tests by cost, for `dotnet test --filter TestCategory=…`: <see cref="Fast"/> needs nothing but the process (loopback
/// HTTP at most), <see cref="Database"/> boots a store on SQLite or PostgreSQL, <see cref="Browser"/> drives Chromium.
/// </summary>
public static class TestCategories
{
    public const string Fast = "Fast";

    public const string Database = "Database";

    public const string Browser = "Browser";
}
