using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>Which test payment plugin to build.</summary>
public enum TestPluginKind
{
    /// <summary>"Payments.TestPay": a payment method with an IPluginStartup (a health check and an order-placed counter), routes under /testpay.</summary>
    TestPay,

    /// <summary>"Payments.UploadPay": the same payment method without a startup hook, so it can be uploaded and installed live; routes under /uploadpay.</summary>
    UploadPay,
}

/// <summary>
/// Test payment plugins compiled at test time with Roslyn against the store's Shop.Abstractions, written as plugin
/// folders (assembly, plugin.json, logo) or zipped for upload. Each kind is compiled once per test run.
/// <para>
/// The plugin: settings <c>testpaysettings.fee</c> (fixed fee, default 5), <c>.useform</c> (hand off with an HTML form
/// instead of a redirect), <c>.hide</c> (hidden at checkout), <c>.failpostprocess</c> (PostProcessPayment throws).
/// PostProcessPayment sends the buyer to <c>{store}/testpay/gateway?order={guid}</c>; <c>POST /testpay/notify?order={guid}</c>
/// marks the order paid and answers the outcome; its configure page is <c>/Admin/testpay/configure</c> (admins only).
/// Refunds (full and partial) succeed; capture and void are not supported. It also has a compiled admin Razor Page,
/// <c>/Admin/testpay/Settings</c> (shows the fee), to prove plugin pages get the admin layout and policy, and a compiled
/// MVC view rendered by <c>GET /testpay/view</c>.
/// </para>
/// </summary>
public static class TestPlugins
{
    public const string TestPaySystemName = "Payments.TestPay";

    public const string UploadPaySystemName = "Payments.UploadPay";

    /// <summary>A 1×1 PNG, enough for the logo endpoint and the checkout's image.</summary>
    public static readonly byte[] LogoPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly Lazy<byte[]> TestPayAssembly = new(() => Compile(TestPluginKind.TestPay));
    private static readonly Lazy<byte[]> UploadPayAssembly = new(() => Compile(TestPluginKind.UploadPay));

    public static string SystemName(TestPluginKind kind) => kind == TestPluginKind.TestPay ? TestPaySystemName : UploadPaySystemName;

    /// <summary>The first URL segment of the plugin's routes ("testpay" or "uploadpay").</summary>
    public static string Route(TestPluginKind kind) => kind == TestPluginKind.TestPay ? "testpay" : "uploadpay";

    public static string FriendlyName(TestPluginKind kind) => kind == TestPluginKind.TestPay ? "Test Pay" : "Upload Pay";

    public static string AssemblyFileName(TestPluginKind kind) => $"Plugin.{SystemName(kind)}.dll";

    /// <summary>
    /// Writes the plugin into <c>{pluginsDirectory}/{folder}</c> and returns the folder. <paramref name="systemName"/> can
    /// dress it as another plugin (e.g. "Payments.Interkassa" for demo-mode tests); its code does not depend on the name.
    /// </summary>
    public static string WriteFolder(string pluginsDirectory, TestPluginKind kind = TestPluginKind.TestPay, string? folderName = null,
        string version = "1.0.0", IReadOnlyList<string>? supportedVersions = null, string? systemName = null)
    {
        var folder = Path.Combine(pluginsDirectory, folderName ?? systemName ?? SystemName(kind));
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Files(kind, version, supportedVersions, systemName))
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        return folder;
    }

    /// <summary>The plugin as a .zip for the admin upload: its files inside one folder, or at the root.</summary>
    public static byte[] Zip(TestPluginKind kind = TestPluginKind.UploadPay, bool inFolder = true)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in Files(kind, "1.0.0", null, null))
            {
                var entry = zip.CreateEntry(inFolder ? $"{SystemName(kind)}/{name}" : name);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A plugin folder whose plugin.json does not list the store's version.</summary>
    public static string WriteUnsupportedVersion(string pluginsDirectory)
    {
        var folder = Directory.CreateDirectory(Path.Combine(pluginsDirectory, "Payments.OldVersion")).FullName;
        File.WriteAllText(Path.Combine(folder, "plugin.json"), Manifest("Payments.OldVersion", "Old version", "Plugin.Payments.OldVersion.dll", "1.0.0", ["1.0"]));
        File.WriteAllBytes(Path.Combine(folder, "Plugin.Payments.OldVersion.dll"), [0x4D, 0x5A]);
        return folder;
    }

    /// <summary>A plugin folder whose assembly is not a valid .NET assembly.</summary>
    public static string WriteBrokenAssembly(string pluginsDirectory)
    {
        var folder = Directory.CreateDirectory(Path.Combine(pluginsDirectory, "Payments.Broken")).FullName;
        File.WriteAllText(Path.Combine(folder, "plugin.json"), Manifest("Payments.Broken", "Broken", "Plugin.Payments.Broken.dll", "1.0.0", [ShopWebDefaults.StoreVersion]));
        File.WriteAllBytes(Path.Combine(folder, "Plugin.Payments.Broken.dll"), "this is not an assembly"u8.ToArray());
        return folder;
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Files(TestPluginKind kind, string version, IReadOnlyList<string>? supportedVersions,
        string? systemName)
    {
        var assembly = kind == TestPluginKind.TestPay ? TestPayAssembly.Value : UploadPayAssembly.Value;
        yield return (AssemblyFileName(kind), assembly);
        yield return ("plugin.json", System.Text.Encoding.UTF8.GetBytes(
            Manifest(systemName ?? SystemName(kind), FriendlyName(kind), AssemblyFileName(kind), version, supportedVersions ?? [ShopWebDefaults.StoreVersion])));
        yield return ("logo.png", LogoPng);
    }

    private static string Manifest(string systemName, string friendlyName, string fileName, string version, IReadOnlyList<string> supportedVersions) =>
        JsonSerializer.Serialize(new
        {
            Group = "Payment methods",
            FriendlyName = friendlyName,
            SystemName = systemName,
            Version = version,
            SupportedVersions = supportedVersions,
            Author = "Tests",
            DisplayOrder = 1,
            FileName = fileName,
            Description = "A payment method built by the tests.",
            LimitedToStores = Array.Empty<int>(),
            LimitedToCustomerRoles = Array.Empty<int>(),
            DependsOnSystemNames = Array.Empty<string>(),
        });

    private static byte[] Compile(TestPluginKind kind)
    {
        var @namespace = "Plugin." + SystemName(kind).Replace('.', '_');
        var sources = TestPluginSource.For(
            @namespace: @namespace,
            systemName: SystemName(kind),
            friendlyName: FriendlyName(kind),
            route: Route(kind),
            withStartup: kind == TestPluginKind.TestPay)
            .Append(RazorPageCompiler.GenerateCSharp($"/Pages/Admin/{Route(kind)}/Settings.cshtml",
                TestPluginSource.SettingsPage(@namespace, Route(kind)), @namespace))
            .Append(RazorPageCompiler.GenerateCSharp($"/Views/{Route(kind)}/Hello.cshtml", TestPluginSource.HelloView, @namespace));
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(AssemblyFileName(kind)),
            sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
            throw new InvalidOperationException("The test plugin does not compile:\n" + string.Join("\n", errors));
        }
        return output.ToArray();
    }

    /// <summary>Every managed assembly the test process runs with (the .NET and ASP.NET Core frameworks, Shop.Abstractions, Autofac...).</summary>
    private static List<MetadataReference> References()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = new List<MetadataReference>();
        foreach (var path in paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                AssemblyName.GetAssemblyName(path);
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // A native library in the list: not a reference.
            }
        }
        return references;
    }
}
