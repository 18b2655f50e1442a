using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Shop.Web.Data;

/// <summary>
/// This process's copy of the rows that change rarely and are read on every request: settings, locale strings,
/// languages, currencies, countries, stores and installed plugins (nopCommerce caches the same things).
/// <para>
/// Every store process keeps its own copy. A write to one of those tables, by any process, replaces a version
/// stamp (a row of the settings table, see <see cref="CacheStampInterceptor"/>); each process compares the stamp it
/// knows with the database's at most once per <c>Cache:StampCheckMilliseconds</c> (default 1000) and drops its copy
/// when they differ. The writing process drops its copy at once. Chosen over PostgreSQL LISTEN/NOTIFY because it
/// works the same on SQLite and PostgreSQL, needs no long-lived connection to re-establish after an outage, and
/// costs one indexed single-row read per second.
/// </para>
/// </summary>
public sealed class ShopCache
{
    /// <summary>The settings row whose value changes with every write to a cached table.</summary>
    public const string StampSettingName = "shop.cache.stamp";

    private readonly ConcurrentDictionary<string, object> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _stampCheckInterval;
    private long _generation;
    private string? _knownStamp;
    private long _stampCheckedAt;

    public ShopCache(TimeProvider time, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _time = time;
        _stampCheckInterval = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Cache:StampCheckMilliseconds", 1000)));
    }

    /// <summary>The cached value of <paramref name="key"/>, else what <paramref name="load"/> reads (then kept).</summary>
    /// <param name="db">The caller's context, used to read the stamp when it is due for a check.</param>
    public async Task<T> GetAsync<T>(string key, ShopDbContext db, Func<Task<T>> load) where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        await CheckStampAsync(db);
        if (_entries.TryGetValue(key, out var cached))
            return (T)cached;

        var generation = Volatile.Read(ref _generation);
        var value = await load();
        lock (_gate)
        {
            // A write that landed while this was loading makes the value suspect: use it once, do not keep it.
            if (generation == _generation)
                _entries[key] = value;
        }
        return value;
    }

    /// <summary>Forgets everything (called by this process after it wrote to a cached table).</summary>
    public void Invalidate(string? newStamp = null)
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
            if (newStamp is not null)
                _knownStamp = newStamp;
        }
    }

    private async Task CheckStampAsync(ShopDbContext db)
    {
        var now = _time.GetTimestamp();
        if (_knownStamp is not null && _time.GetElapsedTime(Volatile.Read(ref _stampCheckedAt), now) < _stampCheckInterval)
            return;
        ArgumentNullException.ThrowIfNull(db);
        var stamp = await db.Settings.AsNoTracking()
            .Where(s => s.Name == StampSettingName && s.StoreId == 0)
            .Select(s => s.Value)
            .FirstOrDefaultAsync() ?? "";
        lock (_gate)
        {
            if (!string.Equals(stamp, _knownStamp, StringComparison.Ordinal))
            {
                _generation++;
                _entries.Clear();
                _knownStamp = stamp;
            }
            Volatile.Write(ref _stampCheckedAt, now);
        }
    }
}
