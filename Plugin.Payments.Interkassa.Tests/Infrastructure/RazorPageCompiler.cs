using Microsoft.AspNetCore.Mvc.Razor.Extensions;
using Microsoft.AspNetCore.Razor.Language;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Turns a .cshtml Razor Page into the C# a Razor class library build would produce (the same engine the store's
/// runtime compilation uses), so test plugins can carry compiled pages like a real plugin does.
/// </summary>
internal static class RazorPageCompiler
{
    /// <param name="relativePath">The page's path in the library, e.g. "/Pages/Admin/testpay/Settings.cshtml".</param>
    public static string GenerateCSharp(string relativePath, string razor, string rootNamespace)
    {
        var root = Directory.CreateTempSubdirectory("razor-").FullName;
        try
        {
            var file = Path.Combine(root, relativePath.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, razor);
            var engine = RazorProjectEngine.Create(RazorConfiguration.Default, RazorProjectFileSystem.Create(root), builder =>
            {
                RazorExtensions.Register(builder);
                builder.SetRootNamespace(rootNamespace);
            });
            var document = engine.Process(engine.FileSystem.GetItem(relativePath, FileKinds.Legacy));
            var errors = document.GetCSharpDocument().Diagnostics.Where(d => d.Severity == RazorDiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
                throw new InvalidOperationException("The test page does not compile:\n" + string.Join("\n", errors));
            return document.GetCSharpDocument().GeneratedCode;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
