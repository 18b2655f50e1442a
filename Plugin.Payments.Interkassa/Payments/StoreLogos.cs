using Shop.Abstractions.Plugins;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>
/// The logos in the plugin's folder: <c>logo.png</c> for all stores (served by the store), and a store's own
/// <c>logos/store-&lt;id&gt;.png</c> (served by <c>Web/Controllers/LogoController</c>), which wins for that store.
/// </summary>
public sealed class StoreLogos(IPluginService plugins)
{
    /// <summary>Largest logo accepted, bytes.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(PngSignature);

    private string? Folder => plugins.GetPluginDescriptorBySystemName(InterkassaDefaults.SystemName)?.PluginDirectory;

    /// <summary>The file of a store's own logo (store 0: the logo of all stores), or null without a plugin folder.</summary>
    public string? PathOf(int storeId) =>
        Folder is not { } folder ? null
        : storeId == 0 ? Path.Combine(folder, "logo.png")
        : Path.Combine(folder, "logos", $"store-{storeId}.png");

    /// <summary>The URL of the logo of <paramref name="storeId"/>'s own (the shared one for 0), null when it has none.</summary>
    public string? UrlOf(int storeId)
    {
        if (PathOf(storeId) is not { } path || !File.Exists(path))
            return null;
        // The file's time in the URL: a replaced logo is not served from the browser's cache.
        var version = File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return storeId == 0
            ? $"/Plugins/{Path.GetFileName(Folder)}/logo.png?v={version}"
            : $"/{InterkassaDefaults.LogoPath}/{storeId.ToString(System.Globalization.CultureInfo.InvariantCulture)}?v={version}";
    }

    public async Task SaveAsync(int storeId, byte[] png)
    {
        if (PathOf(storeId) is not { } path)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, png);
    }

    /// <summary>Removes a store's own logo, so the logo of all stores is shown again.</summary>
    public void Remove(int storeId)
    {
        if (storeId > 0 && PathOf(storeId) is { } path && File.Exists(path))
            File.Delete(path);
    }
}
