using System.Xml.Linq;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests;

/// <summary>The language packs ship with the plugin: every culture must carry the same names, none empty.</summary>
[Category(TestCategories.Fast)]
public class LanguagePackTests
{
    private static readonly string[] Cultures = ["ru-RU", "en-US", "uk-UA"];

    private static Dictionary<string, string> Read(string culture)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot(), "Localization", culture + ".xml");
        return XDocument.Load(path).Root!.Elements("LocaleResource")
            .ToDictionary(e => (string)e.Attribute("Name")!, e => (string?)e.Element("Value") ?? "");
    }

    [Test]
    public void Every_protocol_detail_reason_and_invoice_state_is_named_in_every_pack()
    {
        const string journal = InterkassaDefaults.ResourcePrefix + "Journal.";
        var names = typeof(Plugin.Payments.Interkassa.Protocol.NotificationRejectionDetails).GetFields()
            .Select(f => journal + "Details.Protocol." + f.GetRawConstantValue())
            .Concat(typeof(Plugin.Payments.Interkassa.Payments.NotificationReasons).GetFields().Select(f => journal + "Reasons." + f.GetRawConstantValue()))
            .Concat(Enum.GetValues<Plugin.Payments.Interkassa.Protocol.InvoiceState>().Select(s => journal + "States." + Plugin.Payments.Interkassa.Protocol.InvoiceStates.ToWire(s)))
            .ToList();
        Assert.That(names, Has.Count.GreaterThan(30));
        foreach (var culture in Cultures)
            Assert.That(Read(culture).Keys, Is.SupersetOf(names), culture);
    }

    [Test]
    public void Every_language_pack_has_the_same_resource_names()
    {
        var russian = Read("ru-RU").Keys.ToHashSet();
        foreach (var culture in Cultures.Skip(1))
            Assert.That(Read(culture).Keys, Is.EquivalentTo(russian), culture);
    }

    [Test]
    public void No_resource_is_empty_and_all_belong_to_the_plugin()
    {
        foreach (var culture in Cultures)
        {
            foreach (var (name, value) in Read(culture))
            {
                Assert.That(value.Trim(), Is.Not.Empty, $"{culture}: {name}");
                Assert.That(name.StartsWith(InterkassaDefaults.ResourcePrefix, StringComparison.Ordinal) || name == InterkassaDefaults.FriendlyNameResource, Is.True, name);
            }
        }
    }

    [Test]
    public void Default_description_is_the_one_users_know() =>
        Assert.That(Read("ru-RU")[InterkassaDefaults.ResourcePrefix + "DefaultDescription"], Is.EqualTo("Оплата заказа №{0}"));
}

/// <summary>Every resource the plugin's code asks for by a literal name is in the packs.</summary>
[Category(TestCategories.Fast)]
public partial class ResourceUsageTests
{
    [Test]
    public void Literal_resource_names_in_the_code_exist_in_the_russian_pack()
    {
        var root = TestPaths.RepositoryRoot();
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(root, "Localization", "ru-RU.xml")).Root!
            .Elements("LocaleResource").Select(e => (string)e.Attribute("Name")!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sources = Directory.EnumerateFiles(Path.Combine(root, "Plugin.Payments.Interkassa"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (System.Text.RegularExpressions.Match match in LiteralUse().Matches(text))
            {
                var name = InterkassaDefaults.ResourcePrefix + (match.Groups["error"].Success ? "Errors." + match.Groups["error"].Value
                    : match.Groups["detail"].Success ? "Journal.Details." + match.Groups["detail"].Value
                    : match.Groups["name"].Value);
                checkedCount++;
                if (!names.Contains(name) && !match.Groups["name"].Value.EndsWith('.'))
                    missing.Add($"{Path.GetFileName(file)}: {name}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(checkedCount, Is.GreaterThan(30), "the scan found the code's resource uses");
            Assert.That(missing, Is.Empty);
        });
    }

    [Test]
    public void Every_configure_field_has_a_label_and_a_hint()
    {
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(TestPaths.RepositoryRoot(), "Localization", "ru-RU.xml")).Root!
            .Elements("LocaleResource").Select(e => (string)e.Attribute("Name")!).ToHashSet();
        // A key's Pending/Remove companions share the page-wide labels; the operations tab has labels of its own.
        var operations = typeof(Plugin.Payments.Interkassa.Operations.InterkassaOperationsSettings).GetProperties().Select(p => p.Name).ToHashSet();
        var fields = typeof(Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa.ConfigureInput).GetProperties()
            .Select(p => p.Name).Where(n => n is not ("Overrides" or "Names" or "Descriptions") && !n.StartsWith("Pending", StringComparison.Ordinal)
                                            && !n.StartsWith("Remove", StringComparison.Ordinal))
            .ToList();
        Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Configure.SecretPending").And.Contain(InterkassaDefaults.ResourcePrefix + "Configure.RemoveKey"));
        foreach (var field in fields.Where(operations.Contains))
            Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Operations.Fields." + field), field);
        foreach (var field in fields.Where(f => !operations.Contains(f)))
        {
            Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Configure.Fields." + field), field);
            Assert.That(names, Does.Contain(InterkassaDefaults.ResourcePrefix + "Configure.Fields." + field + ".Hint"), field);
        }
    }

    // JournalDetail.Of("X") (under "Journal.Details."), Text.GetAsync("X"), ResourceAsync("X", …), ResourcePrefix + "X",
    // and the validator's Add(field, "X") (under "Errors.").
    [System.Text.RegularExpressions.GeneratedRegex("""JournalDetail\.Of\("(?<detail>[A-Za-z]+)"|(?:Text\.GetAsync\(|ResourceAsync\(|ResourcePrefix \+ )"(?<name>[A-Za-z.]+)"|Add\((?:nameof\([^)]*\)|"[A-Za-z]+"), "(?<error>[A-Za-z]+)"\)""")]
    private static partial System.Text.RegularExpressions.Regex LiteralUse();
}

/// <summary>The store's own packs (Host/Shop.Web/Localization): every culture carries the Russian names, in order, filled, with the same placeholders.</summary>
[Category(TestCategories.Fast)]
public partial class StoreLanguagePackTests
{
    private static readonly string[] Cultures = ["en-US", "uk-UA"];

    private static List<(string Name, string Value)> Read(string culture)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot(), "Host", "Shop.Web", "Localization", culture + ".xml");
        return XDocument.Load(path).Root!.Elements("LocaleResource")
            .Select(e => ((string)e.Attribute("Name")!, (string?)e.Element("Value") ?? "")).ToList();
    }

    [Test]
    public void Every_store_pack_has_the_russian_names_in_the_same_order() =>
        Assert.Multiple(() =>
        {
            var russian = Read("ru-RU").Select(r => r.Name).ToList();
            Assert.That(russian, Has.Count.GreaterThan(250));
            foreach (var culture in Cultures)
                Assert.That(Read(culture).Select(r => r.Name), Is.EqualTo(russian), culture);
        });

    [Test]
    public void No_store_resource_is_empty_and_placeholders_match_the_russian() =>
        Assert.Multiple(() =>
        {
            var russian = Read("ru-RU").ToDictionary(r => r.Name, r => Placeholders(r.Value));
            foreach (var culture in Cultures.Prepend("ru-RU"))
            {
                foreach (var (name, value) in Read(culture))
                {
                    Assert.That(value.Trim(), Is.Not.Empty, $"{culture}: {name}");
                    Assert.That(Placeholders(value), Is.EqualTo(russian.GetValueOrDefault(name)), $"{culture}: {name}");
                }
            }
        });

    [Test]
    public void The_ukrainian_pack_is_not_russian_left_untranslated()
    {
        // Letters Ukrainian does not have: a value that still carries one was copied from the Russian pack.
        var russianOnly = Read("uk-UA").Where(r => r.Value.IndexOfAny(['ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ё']) >= 0).Select(r => r.Name);
        Assert.That(russianOnly, Is.Empty);
    }

    private static List<string> Placeholders(string value) =>
        Placeholder().Matches(value).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}
