namespace Plugin.Payments.Interkassa.Tests;

/// <summary>Once per test run (it sits in the root namespace, so it covers every fixture): stops the shared PostgreSQL cluster.</summary>
[SetUpFixture]
public sealed class TestRunCleanup
{
    [OneTimeTearDown]
    public async Task StopSharedServicesAsync() => await Infrastructure.PostgresServer.DisposeSharedAsync();
}
