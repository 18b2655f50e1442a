using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Interkassa.LoadBench;

/// <summary>
/// The floor the store is compared with: a minimal ASP.NET Core app on Kestrel that reads the form body and inserts
/// it, with the time, the source address and ik_pm_no, as one row — the least any endpoint that stores a
/// notification before answering must do. SQLite through Microsoft.Data.Sqlite in WAL mode with the store's
/// busy timeout (30 s), or PostgreSQL through Npgsql.
/// </summary>
internal sealed class BareWriteEndpoint : IAsyncDisposable
{
    public const string Path = "/notify";

    private const string CreateTable =
        "CREATE TABLE deliveries (id INTEGER PRIMARY KEY {0}, received_utc TEXT NOT NULL, source_address TEXT NOT NULL, payment_no TEXT NOT NULL, body TEXT NOT NULL)";

    private const string Insert =
        "INSERT INTO deliveries (received_utc, source_address, payment_no, body) VALUES (@received, @source, @payment, @body)";

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource? _postgres;

    private BareWriteEndpoint(WebApplication app, NpgsqlDataSource? postgres)
    {
        _app = app;
        _postgres = postgres;
    }

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + Path);

    /// <param name="connectionString">SQLite (<c>Data Source=…</c>) or PostgreSQL (<c>Host=…</c>).</param>
    public static async Task<BareWriteEndpoint> StartAsync(Database database, string connectionString)
    {
        var postgres = database == Database.Postgres ? NpgsqlDataSource.Create(connectionString) : null;
        var sqlite = database == Database.Sqlite
            ? new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ConnectionString
            : null;
        Func<Task<DbConnection>> open = postgres is not null
            ? async () => await postgres.OpenConnectionAsync()
            : async () =>
            {
                var connection = new SqliteConnection(sqlite);
                await connection.OpenAsync();
                return connection;
            };

        await using (var connection = await open())
        {
            await ExecuteAsync(connection, database == Database.Sqlite ? "PRAGMA journal_mode=WAL" : "SELECT 1");
            await ExecuteAsync(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, CreateTable,
                database == Database.Sqlite ? "AUTOINCREMENT" : "GENERATED ALWAYS AS IDENTITY"));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost(Path, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            await using var connection = await open();
            await using var command = connection.CreateCommand();
            command.CommandText = Insert;
            Add(command, "@received", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            Add(command, "@source", context.Connection.RemoteIpAddress?.ToString() ?? "");
            Add(command, "@payment", fields.GetValueOrDefault("ik_pm_no") ?? "");
            Add(command, "@body", JsonSerializer.Serialize(fields));
            await command.ExecuteNonQueryAsync(context.RequestAborted);
            return Results.Text("OK");
        });
        await app.StartAsync();
        return new BareWriteEndpoint(app, postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
