using System.Globalization;

namespace Interkassa.LoadBench;

public enum Scenario
{
    /// <summary>The same valid <c>success</c> notification for an order already paid (Interkassa's repeats).</summary>
    Repeat,

    /// <summary>A notification whose ik_sign was made with the wrong key.</summary>
    Forged,

    /// <summary>A valid <c>success</c> for a fresh pending order every request: the order becomes paid.</summary>
    FirstPaid,
}

public enum Database
{
    Sqlite,
    Postgres,
}

/// <summary>Command-line options: <c>--scenario all|repeat,forged,first-paid --db sqlite,postgres --seconds 4 --rounds 2 --clients 16 --warmup 1 --pg-durability full</c>.</summary>
public sealed record LoadOptions
{
    public IReadOnlyList<Scenario> Scenarios { get; init; } = [Scenario.Repeat, Scenario.Forged, Scenario.FirstPaid];

    public IReadOnlyList<Database> Databases { get; init; } = [Database.Sqlite, Database.Postgres];

    /// <summary>Length of one measured round.</summary>
    public double Seconds { get; init; } = 4;

    /// <summary>Pairs of rounds (bare, store) per scenario and database.</summary>
    public int Rounds { get; init; } = 2;

    public int Clients { get; init; } = 16;

    /// <summary>
    /// PostgreSQL's durability: <c>full</c> (its defaults: every commit waits for the WAL flush, as a shop runs it) or
    /// <c>off</c> (<c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> off, as the test kit runs it).
    /// </summary>
    public bool PostgresDurable { get; init; } = true;

    /// <summary>Unmeasured load on each target before a scenario's rounds (JIT, connection pools, caches).</summary>
    public double WarmupSeconds { get; init; } = 1;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--scenario" => options with { Scenarios = value == "all" ? options.Scenarios : [.. List(value).Select(ParseScenario)] },
                "--db" => options with { Databases = [.. List(value).Select(v => Enum.Parse<Database>(v, ignoreCase: true))] },
                "--seconds" => options with { Seconds = Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rounds" => options with { Rounds = (int)Positive(name, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--clients" => options with { Clients = (int)Positive(name, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--pg-durability" => options with { PostgresDurable = ParseDurability(value) },
                "--warmup" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}. Options: --scenario all|repeat,forged,first-paid --db sqlite,postgres --seconds N --rounds N --clients N --warmup N --pg-durability full|off"),
            };
        }

        return options;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Scenario ParseScenario(string value) => value.ToLowerInvariant() switch
    {
        "repeat" => Scenario.Repeat,
        "forged" => Scenario.Forged,
        "first-paid" or "firstpaid" => Scenario.FirstPaid,
        _ => throw new ArgumentException($"Unknown scenario {value}: repeat, forged, first-paid or all."),
    };

    private static bool ParseDurability(string value) => value.ToLowerInvariant() switch
    {
        "full" => true,
        "off" => false,
        _ => throw new ArgumentException($"Unknown --pg-durability {value}: full or off."),
    };

    private static double Positive(string name, double value) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive.");
}
