using System.Xml.Linq;
using Plugin.Payments.Interkassa.Operations;
using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Protocol;
using Plugin.Payments.Interkassa.Tests.Infrastructure;

namespace Plugin.Payments.Interkassa.Tests.Operations.SetupAssistant;

/// <summary>The assistant builds resource names from codes: every code has its text in the three packs.</summary>
[Category(TestCategories.Fast)]
public class AssistantResourcesTests
{
    private static IEnumerable<string> NamesBuiltFromCodes()
    {
        foreach (var (check, outcomes) in SetupChecks.Outcomes)
        {
            yield return $"Assistant.Checks.{check}.Title";
            foreach (var outcome in outcomes.Where(o => !(check == SetupChecks.Api && o == "Failed")))
                yield return $"Assistant.Checks.{check}.{outcome}";
        }

        foreach (var level in Enum.GetNames<CheckLevel>())
        {
            yield return "Assistant.Levels." + level;
            yield return "Assistant.Summary." + level;
        }

        foreach (var outcome in Enum.GetNames<ConnectionOutcome>())
            yield return "Connection." + outcome + ".Next";
        foreach (var step in Enum.GetNames<LiveStepName>())
            yield return "Assistant.Steps." + step;
        foreach (var state in Enum.GetNames<LiveStepState>().Where(s => s != nameof(LiveStepState.Done)))
            yield return "Assistant.StepStates." + state;
        foreach (var outcome in Enum.GetNames<LiveOutcome>())
            yield return "Assistant.Outcomes." + outcome;
        foreach (var code in Enum.GetNames<DiagnosisCode>())
            yield return "Assistant.Diagnosis." + code;
        foreach (var state in Enum.GetNames<ApiInvoiceState>())
            yield return "Assistant.ApiStates." + state;
        foreach (var name in new[] { "Start.NotATestOrder", "Start.AlreadyPaid", "Start.OrderFailed", "TestProduct.Name", "TestProduct.Description" })
            yield return "Assistant." + name;
    }

    [TestCase("ru-RU")]
    [TestCase("en-US")]
    [TestCase("uk-UA")]
    public void Every_name_built_from_a_code_is_in_the_pack(string culture)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot(), "Localization", culture + ".xml");
        var names = XDocument.Load(path).Root!.Elements("LocaleResource").Select(e => (string)e.Attribute("Name")!).ToHashSet();

        var missing = NamesBuiltFromCodes().Select(n => InterkassaDefaults.ResourcePrefix + n).Where(n => !names.Contains(n)).ToList();

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void The_russian_diagnoses_say_what_the_merchant_must_change()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot(), "Localization", "ru-RU.xml");
        var texts = XDocument.Load(path).Root!.Elements("LocaleResource")
            .ToDictionary(e => ((string)e.Attribute("Name")!)[InterkassaDefaults.ResourcePrefix.Length..], e => (string)e.Element("Value")!);

        Assert.Multiple(() =>
        {
            Assert.That(string.Format(System.Globalization.CultureInfo.InvariantCulture, texts["Assistant.Diagnosis.WrongAlgorithm"], "SHA-256", "MD5"),
                Does.StartWith("Оповещение подписано SHA-256, а в настройках выбран MD5."));
            Assert.That(texts["Assistant.Diagnosis.TestKeyInLiveMode"], Does.StartWith("Оповещение подписано тестовым ключом, а тестовый режим выключен."));
            Assert.That(texts["Assistant.Diagnosis.UnknownKey"],
                Is.EqualTo("Ключ не совпадает ни с секретным, ни с тестовым — скопируйте ключ заново из вкладки «Безопасность» кассы."));
            Assert.That(texts["Assistant.Diagnosis.OtherCheckout"], Does.StartWith("Оповещение пришло на другую кассу"));
            Assert.That(texts["Assistant.Outcomes.NoNotification"], Does.StartWith("Нет оповещения за {1} мин. — проверьте URL взаимодействия в кабинете"));
        });
    }
}
