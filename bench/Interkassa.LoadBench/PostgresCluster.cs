using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Interkassa.LoadBench;

/// <summary>
/// A throwaway PostgreSQL 15 cluster in a temp folder on a free loopback port, removed on dispose: Debian's
/// <c>/usr/lib/postgresql/15/bin</c> initdb and pg_ctl, run as the <c>postgres</c> user when this process is root
/// (initdb refuses root). Durable (PostgreSQL's defaults) unless told otherwise; not durable it has the test kit's settings.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string SuperUser = "postgres";

    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string root, int port, bool asPostgresUser)
    {
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<PostgresCluster> StartAsync(bool durable)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed in {BinDirectory}: apt-get install -y postgresql-15, or pass --db sqlite.");

        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("ik-loadbench-pg-").FullName;
        if (asPostgresUser)
            await RunAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", root]);

        var cluster = new PostgresCluster(root, FreePort(), asPostgresUser);
        try
        {
            await cluster.PgAsync("initdb", ["-D", cluster.DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"]);
            string[] durability = durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"];
            var options = string.Join(' ',
                [$"-p {cluster.Port}", $"-k {root}", "-c listen_addresses=127.0.0.1", "-c max_connections=300", "-c shared_buffers=64MB", .. durability]);
            await cluster.PgAsync("pg_ctl", ["-D", cluster.DataDirectory, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"]);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException error)
            {
                Console.Error.WriteLine($"Stopping the PostgreSQL cluster failed: {error.Message}");
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        MaxPoolSize = 120,
    }.ConnectionString;

    private Task PgAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        return _asPostgresUser ? RunAsync("runuser", ["-u", SuperUser, "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
