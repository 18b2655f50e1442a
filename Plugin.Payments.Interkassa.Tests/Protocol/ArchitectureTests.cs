using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Protocol;

/// <summary>The layers of the plugin, held by the build and checked here too.</summary>
[Category(TestCategories.Fast)]
public class ArchitectureTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Shop.", "Autofac", "Plugin.Payments.Interkassa,"];

    [Test]
    public void The_protocol_library_references_no_web_framework_database_or_platform_assembly()
    {
        var references = typeof(IkSignature).Assembly.GetReferencedAssemblies().Select(a => a.FullName).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(typeof(IkSignature).Assembly.GetName().Name, Is.EqualTo("Plugin.Payments.Interkassa.Protocol"), "a project of its own");
            foreach (var prefix in Forbidden)
                Assert.That(references, Has.None.StartsWith(prefix), prefix);
        });
    }
}
