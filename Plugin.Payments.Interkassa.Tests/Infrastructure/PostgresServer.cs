using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for tests: created in a temp folder with Debian's server binaries
/// (<c>/usr/lib/postgresql/15/bin</c>), listening on a free loopback port, removed on dispose.
/// One cluster serves the whole test run (<see cref="SharedAsync"/>); every test or fixture takes a fresh database
/// from it with <see cref="CreateDatabaseAsync"/>. initdb refuses to run as root, so as root the cluster runs as
/// the <c>postgres</c> user (through <c>runuser</c>).
/// </summary>
/// <example>
/// <code>
/// var server = await PostgresServer.SharedAsync();
/// var connectionString = await server.CreateDatabaseAsync();   // Host=127.0.0.1;Port=…;Database=test_…
/// </code>
/// </example>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where Debian's postgresql-15 package puts the server programs.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const string SuperUser = "postgres";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer(string root, int port, bool asPostgresUser)
    {
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The cluster of this test run, started on first use and stopped by <see cref="TestRunCleanup"/>.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Stops the shared cluster if one was started.</summary>
    public static async Task DisposeSharedAsync()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
            await (await Shared.Value).DisposeAsync();
    }

    /// <summary>Starts a new cluster (most tests want <see cref="SharedAsync"/> instead).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 server programs were not found in {BinDirectory}: install the Debian package postgresql-15 (apt-get install -y postgresql-15).");
        }

        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "shop-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (asPostgresUser)
            await ProcessRunner.RunAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", root], TimeSpan.FromSeconds(30));

        var server = new PostgresServer(root, FreePort(), asPostgresUser);
        try
        {
            await server.PgAsync("initdb", ["-D", server._dataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"]);
            await server.StartClusterAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Stops the cluster as an outage would (fast shutdown: every connection is dropped). Use a cluster of your own
    /// (<see cref="StartAsync"/>), not the shared one.
    /// </summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>Starts a cluster stopped by <see cref="StopAsync"/> again, on the same port.</summary>
    public Task RestartAsync() => StartClusterAsync();

    private Task<string> StartClusterAsync()
    {
        var options = string.Join(' ',
            $"-p {Port}", $"-k {_root}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=64MB");
        return PgAsync("pg_ctl", ["-D", _dataDirectory, "-o", options, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (closing its connections).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = SuperUser,
            Database = database,
            MaxPoolSize = 120,
            IncludeErrorDetail = true,
        }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory) && File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing to do but remove the folder.
            }
        }
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private Task<string> PgAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        return _asPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], TimeSpan.FromMinutes(2))
            : ProcessRunner.RunAsync(path, arguments, TimeSpan.FromMinutes(2));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
