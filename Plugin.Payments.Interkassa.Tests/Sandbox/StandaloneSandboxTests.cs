using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Sandbox;

/// <summary>The standalone sandbox follows ASP.NET Core's configuration precedence: the command line wins over its file.</summary>
[Category(TestCategories.Fast)]
public class StandaloneSandboxTests
{
    [Test]
    public async Task The_standalone_sandbox_listens_where_urls_on_the_command_line_says()
    {
        var port = FreePort();
        // The test output holds the sandbox with its settings file (sandbox.settings.json), as its own build output does.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(TestPaths.BuiltProgram("Interkassa.Sandbox"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        using var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on:", StringComparison.Ordinal) == true)
                listening.TrySetResult(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var line = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient();
            using var page = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));

            Assert.Multiple(() =>
            {
                Assert.That(line, Does.Contain($"http://127.0.0.1:{port}"));
                Assert.That((int)page.StatusCode, Is.InRange(200, 499), "the sandbox itself answers on that port");
            });
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
