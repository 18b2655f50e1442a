namespace Shop.Web.Data;

public static class TmpProbe2
{
    private static readonly long[] Sum = new long[15];
    private static readonly long[] Count = new long[15];
    private static long _last = System.Diagnostics.Stopwatch.GetTimestamp();
    public static void Mark(int i, ref long start)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Add(ref Sum[i], now - start);
        Interlocked.Increment(ref Count[i]);
        start = now;
        if (i == 3 && now - _last > System.Diagnostics.Stopwatch.Frequency * 2)
        {
            _last = now;
            Console.Error.WriteLine("PROBE2 " + string.Join(" ", Enumerable.Range(0, 15).Select(k => $"{k}:{(Count[k] == 0 ? 0 : Sum[k] * 1000.0 / System.Diagnostics.Stopwatch.Frequency / Count[k]):F3}")));
            for (var k = 0; k < 15; k++) { Sum[k] = 0; Count[k] = 0; }
        }
    }
}
