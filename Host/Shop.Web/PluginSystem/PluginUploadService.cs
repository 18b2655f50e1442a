using System.IO.Compression;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Shop.Abstractions.Plugins;

namespace Shop.Web.PluginSystem;

/// <summary>The outcome of an upload: the new plugin's entry, or a resource name for the error with a detail.</summary>
public sealed record PluginUploadResult(PluginEntry? Entry, string? ErrorResource, string? Detail = null)
{
    public bool Success => Entry is not null;
}

/// <summary>
/// Unpacks an uploaded plugin .zip (plugin.json at the root, or inside one top folder) into the plugins directory
/// and loads it while the store runs. Entries may not leave the target folder; sizes are capped.
/// </summary>
public sealed class PluginUploadService(
    PluginCatalog catalog,
    ApplicationPartManager parts,
    PluginActionDescriptorChangeProvider changes,
    IConfiguration configuration,
    ILogger<PluginUploadService> logger)
{
    private const int MaxEntries = 2000;

    /// <summary>Largest accepted upload, in bytes (<c>Plugins:MaxUploadMegabytes</c>, default 20).</summary>
    public long MaxUploadBytes => configuration.GetValue("Plugins:MaxUploadMegabytes", 20L) * 1024 * 1024;

    /// <summary>Largest total unpacked size (ten times the upload cap), against zip bombs.</summary>
    private long MaxUnpackedBytes => MaxUploadBytes * 10;

    public async Task<PluginUploadResult> UploadAsync(Stream upload, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (length <= 0)
            return new PluginUploadResult(null, "Admin.Plugins.Upload.Empty");
        if (length > MaxUploadBytes)
            return new PluginUploadResult(null, "Admin.Plugins.Upload.TooLarge");

        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(buffer, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            return new PluginUploadResult(null, "Admin.Plugins.Upload.NotZip");
        }

        using (archive)
        {
            var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count == 0 || files.Count > MaxEntries || files.Sum(e => e.Length) > MaxUnpackedBytes)
                return new PluginUploadResult(null, "Admin.Plugins.Upload.TooLarge");

            var root = FindRoot(files);
            if (root is null)
                return new PluginUploadResult(null, "Admin.Plugins.Upload.NoManifest");

            PluginDescriptor descriptor;
            try
            {
                await using var manifest = await files.First(e => e.FullName == root + PluginCatalog.ManifestFileName).OpenAsync(cancellationToken);
                using var reader = new StreamReader(manifest);
                descriptor = PluginDescriptor.Parse(await reader.ReadToEndAsync(cancellationToken));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
            {
                return new PluginUploadResult(null, "Admin.Plugins.Upload.BadManifest", e.Message);
            }

            var folderName = root.Length > 0 ? root.TrimEnd('/') : descriptor.SystemName;
            if (!IsSafeFolderName(folderName))
                return new PluginUploadResult(null, "Admin.Plugins.Upload.BadFolder", folderName);
            if (catalog.FindBySystemName(descriptor.SystemName) is not null)
                return new PluginUploadResult(null, "Admin.Plugins.Upload.Exists", descriptor.SystemName);
            Directory.CreateDirectory(catalog.PluginsDirectory);
            var target = Path.Combine(catalog.PluginsDirectory, folderName);
            if (Directory.Exists(target))
                return new PluginUploadResult(null, "Admin.Plugins.Upload.Exists", folderName);

            // Unpack beside the plugins (a dot folder is never discovered), then move into place in one step.
            var staging = Path.Combine(catalog.PluginsDirectory, ".upload-" + Guid.NewGuid().ToString("N"));
            var stagingRoot = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
            try
            {
                foreach (var entry in files)
                {
                    var relative = entry.FullName[root.Length..];
                    var destination = Path.GetFullPath(Path.Combine(staging, relative));
                    if (!destination.StartsWith(stagingRoot, StringComparison.Ordinal))
                        return new PluginUploadResult(null, "Admin.Plugins.Upload.BadPath", entry.FullName);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    await entry.ExtractToFileAsync(destination, overwrite: false, cancellationToken);
                }
                Directory.Move(staging, target);
            }
            finally
            {
                if (Directory.Exists(staging))
                    Directory.Delete(staging, recursive: true);
            }

            var loaded = catalog.LoadFolder(target);
            if (loaded.IsLoaded)
            {
                PluginApplicationParts.AddAtRuntime(parts, changes, loaded.Assembly!);
                // Startup hooks register services and middleware while the host is built: they run after a restart.
                loaded.RestartRequired = loaded.Startups.Count > 0;
            }
            logger.LogInformation("Plugin {SystemName} uploaded to {Folder}; loaded: {Loaded}", descriptor.SystemName, folderName, loaded.IsLoaded);
            return new PluginUploadResult(loaded, null);
        }
    }

    /// <summary>"" when plugin.json is at the root, "Folder/" when everything sits in one folder that has it, else null.</summary>
    private static string? FindRoot(IReadOnlyList<ZipArchiveEntry> files)
    {
        if (files.Any(e => e.FullName == PluginCatalog.ManifestFileName))
            return "";
        var tops = files.Select(e => e.FullName.Split('/')[0]).Distinct().ToList();
        if (tops.Count != 1 || files.Any(e => !e.FullName.Contains('/')))
            return null;
        var root = tops[0] + "/";
        return files.Any(e => e.FullName == root + PluginCatalog.ManifestFileName) ? root : null;
    }

    private static bool IsSafeFolderName(string name) =>
        name.Length is > 0 and <= 100 && !name.StartsWith('.') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
