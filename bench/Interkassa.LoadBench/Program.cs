using System.Diagnostics;
using Interkassa.LoadBench;

// Load driver for POST /Plugins/PaymentInterkassa/Notify against a bare write endpoint (bench/README.md).
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

var started = Stopwatch.GetTimestamp();
Console.WriteLine($"Interkassa notification load: {options.Clients} closed-loop clients, {options.Seconds:0.#} s rounds, " +
    $"{options.Rounds} pairs (bare, store) per scenario, {options.WarmupSeconds:0.#} s warm-up; {Report.Machine()}");
var pairs = await new LoadBench(options, Console.Out).RunAsync();
Console.WriteLine();
Console.WriteLine($"Medians over the rounds (load average at the end {Report.LoadAverage()}, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s in all):");
Console.WriteLine();
Console.Write(Report.Summary(pairs));
return pairs.Any(p => p.Bare.Unexpected + p.Store.Unexpected > 0) ? 1 : 0;
