using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Abstractions.Plugins;

/// <summary>The contents of a plugin's plugin.json (the twelve nopCommerce fields) plus what the store learned loading it.</summary>
public sealed class PluginDescriptor
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Group in the admin plugin list, e.g. "Payment methods".</summary>
    public string Group { get; set; } = "";

    public string FriendlyName { get; set; } = "";

    /// <summary>Unique identifier, e.g. "Payments.Interkassa".</summary>
    public string SystemName { get; set; } = "";

    /// <summary>The plugin's version; a change runs <see cref="IPlugin.UpdateAsync"/>.</summary>
    public string Version { get; set; } = "";

    /// <summary>Store versions ("1.0") this plugin loads on.</summary>
    public IList<string> SupportedVersions { get; set; } = [];

    public string Author { get; set; } = "";

    /// <summary>Position in lists; lower first.</summary>
    public int DisplayOrder { get; set; }

    /// <summary>The plugin's main assembly file name.</summary>
    public string FileName { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Store ids the plugin is limited to; empty means all stores.</summary>
    public IList<int> LimitedToStores { get; set; } = [];

    /// <summary>Customer role ids the plugin is limited to; empty means all roles.</summary>
    public IList<int> LimitedToCustomerRoles { get; set; } = [];

    /// <summary>System names of plugins that must be installed first.</summary>
    public IList<string> DependsOnSystemNames { get; set; } = [];

    /// <summary>Folder the plugin was found in (not part of plugin.json).</summary>
    [JsonIgnore]
    public string? PluginDirectory { get; set; }

    /// <summary>Whether the store has this plugin installed (not part of plugin.json).</summary>
    [JsonIgnore]
    public bool Installed { get; set; }

    /// <summary>Why the store could not load the plugin, or null when it is loaded (not part of plugin.json).</summary>
    [JsonIgnore]
    public string? LoadError { get; set; }

    /// <summary>The plugin's entry type once its assembly is loaded (not part of plugin.json).</summary>
    [JsonIgnore]
    public Type? PluginType { get; set; }

    /// <summary>Reads plugin.json text; throws <see cref="JsonException"/> or <see cref="InvalidDataException"/> with the reason when it is not valid.</summary>
    public static PluginDescriptor Parse(string json)
    {
        var descriptor = JsonSerializer.Deserialize<PluginDescriptor>(json, JsonOptions)
            ?? throw new InvalidDataException("plugin.json is empty.");
        if (string.IsNullOrWhiteSpace(descriptor.SystemName))
            throw new InvalidDataException("plugin.json has no SystemName.");
        if (string.IsNullOrWhiteSpace(descriptor.FileName))
            throw new InvalidDataException("plugin.json has no FileName.");
        return descriptor;
    }

    /// <summary>Whether <paramref name="storeVersion"/> (e.g. "1.0") is among <see cref="SupportedVersions"/>.</summary>
    public bool SupportsStoreVersion(string storeVersion) =>
        SupportedVersions.Any(v => string.Equals(v.Trim(), storeVersion, StringComparison.OrdinalIgnoreCase));
}
