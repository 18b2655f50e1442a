using Shop.Abstractions.Localization;

namespace Plugin.Payments.Interkassa.Web;

/// <summary>The plugin's resources for pages, read once per request (names without the plugin prefix).</summary>
public sealed class PluginText(ILocalizationService localization)
{
    private readonly Dictionary<string, string> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<string> GetAsync(string name)
    {
        if (!_cache.TryGetValue(name, out var value))
        {
            value = await localization.GetResourceAsync(InterkassaDefaults.ResourcePrefix + name);
            _cache[name] = value;
        }

        return value;
    }
}
