using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// The store as its own operating-system process (the built Shop.Web.dll) on a database and plugins folder of a
/// <see cref="ShopFactory"/>, so that a test can kill it with SIGKILL mid-work and start it again.
/// </summary>
public sealed partial class StoreProcess : IAsyncDisposable
{
    private readonly Process _process;

    private StoreProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts a Production store on <paramref name="shop"/>'s database and plugins; returns once it listens.</summary>
    /// <param name="settings">More configuration, as environment variables (<c>Events__PollSeconds</c> …).</param>
    public static async Task<StoreProcess> StartAsync(ShopFactory shop, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.StoreContentRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.BuiltProgram("Shop.Web"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Shop"] = shop.ConnectionString;
        start.Environment["Plugins__Directory"] = shop.PluginsDirectory;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Admin__Password"] = ShopFactory.DefaultAdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Read(string? line)
        {
            if (line is null)
                return;
            output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } match)
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The store exited:\n" + string.Join('\n', output)));

        try
        {
            return new StoreProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a crash or the OOM killer would end it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
