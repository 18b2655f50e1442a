namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Waits for what the store does off the request (batched background writes, redelivery): checks a condition every
/// 50 ms until it holds or the deadline passes. The caller asserts on the answer, so a condition that never holds fails.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>True once <paramref name="condition"/> holds; false when <see cref="Deadline"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Deadline)
                return false;
            await Task.Delay(50);
        }
        return true;
    }
}
