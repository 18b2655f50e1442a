using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Interkassa.LoadBench;

/// <summary>The lines and the summary table the driver prints.</summary>
internal static class Report
{
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}";

    /// <summary>The 1-, 5- and 15-minute load averages (what <c>uptime</c> prints).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string RoundLine(RoundPair pair)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{LoadBench.Name(pair.Database),-10} {Label(pair.Scenario),-10} round {pair.Round}  bare {Figures(pair.Bare)}  |  store {Figures(pair.Store)}  |  store/bare {pair.Ratio:F2}  (load {LoadAverage()})");
        if (pair.Store.RanOut)
            line += "  [fresh orders ran out before the time was up]";
        if (pair.Bare.Unexpected + pair.Store.Unexpected > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture,
                $"  UNEXPECTED ANSWERS: bare {pair.Bare.Unexpected} {pair.Bare.FirstUnexpected}, store {pair.Store.Unexpected} {pair.Store.FirstUnexpected}");
        }
        return line;
    }

    /// <summary>Medians over the rounds of each database and scenario, as a Markdown table.</summary>
    public static string Summary(IReadOnlyList<RoundPair> pairs)
    {
        var table = new StringBuilder();
        table.AppendLine("| database | scenario | bare req/s | store req/s | store/bare | target | bare p50 / p99 ms | store p50 / p99 ms | rounds | unexpected |");
        table.AppendLine("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var group in pairs.GroupBy(p => (p.Database, p.Scenario)))
        {
            var rounds = group.ToList();
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {LoadBench.Name(group.Key.Database)} | {Label(group.Key.Scenario)} | {Median(rounds, r => r.Bare.RequestsPerSecond):F0} | {Median(rounds, r => r.Store.RequestsPerSecond):F0} | **{Median(rounds, r => r.Ratio):F2}** | {Target(group.Key.Database, group.Key.Scenario)} | {Median(rounds, r => r.Bare.P50Ms):F1} / {Median(rounds, r => r.Bare.P99Ms):F1} | {Median(rounds, r => r.Store.P50Ms):F1} / {Median(rounds, r => r.Store.P99Ms):F1} | {rounds.Count} | {rounds.Sum(r => r.Bare.Unexpected + r.Store.Unexpected)} |"));
        }

        return table.ToString();
    }

    public static string Label(Scenario scenario) => scenario switch
    {
        Scenario.Repeat => "repeat",
        Scenario.Forged => "forged",
        _ => "first-paid",
    };

    private static string Figures(RoundResult result) => string.Create(CultureInfo.InvariantCulture,
        $"{result.RequestsPerSecond,6:F0} req/s p50 {result.P50Ms,5:F1} ms p99 {result.P99Ms,6:F1} ms");

    private static string Target(Database database, Scenario scenario) => (database, scenario) switch
    {
        (Database.Sqlite, Scenario.Repeat) => "≥ 0.50, store p99 ≤ 25 ms",
        (_, Scenario.FirstPaid) => "≥ 0.30",
        _ => "≥ 0.50",
    };

    private static double Median(List<RoundPair> rounds, Func<RoundPair, double> value)
    {
        var sorted = rounds.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
