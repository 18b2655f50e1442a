namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>Where the repository and the programs built beside the tests are.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding Plugin.Payments.Interkassa.sln.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Plugin.Payments.Interkassa.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found above " + TestContext.CurrentContext.TestDirectory);
    }

    /// <summary>A program the test project references (Shop.Web, Interkassa.Sandbox), copied into the test output with its runtime config.</summary>
    public static string BuiltProgram(string assemblyName) => Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");

    /// <summary>The store's sources, its content root when run as a process.</summary>
    public static string StoreContentRoot() => Path.Combine(RepositoryRoot(), "Host", "Shop.Web");
}
