using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plugin.Payments.Interkassa.Operations.SetupAssistant;
using Plugin.Payments.Interkassa.Web;
using Shop.Abstractions.Payments;
using Shop.Abstractions.Stores;
using Shop.Abstractions.Web;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>One line of the checklist as shown.</summary>
public sealed record CheckView(string Name, string Level, string Title, string Text);

/// <summary>One step of the live test as shown.</summary>
public sealed record StepView(string Name, string State, string Label, string? Time);

/// <summary>The live test as the page shows it and <c>?handler=Status</c> returns it (the JSON the page's script polls).</summary>
public sealed record LiveView(
    string OrderNumber,
    int OrderId,
    string Outcome,
    string Headline,
    string? Advice,
    string? Interkassa,
    bool Finished,
    IReadOnlyList<StepView> Steps);

/// <summary>
/// "Мастер проверки подключения": the static checks, then a live test payment followed step by step. Thin: the work is
/// in <see cref="SetupAssistantService"/>; this class reads input and turns codes into the admin's language.
/// </summary>
[Authorize(Policy = ShopWebDefaults.AdminPolicy)]
public sealed class AssistantModel(SetupAssistantService assistant, PluginText text, IStoreContext storeContext) : PageModel
{
    /// <summary>The guid of the test order being followed (the page's address keeps it across reloads).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Order { get; set; }

    public IReadOnlyList<CheckView> Checks { get; private set; } = [];

    public string Summary { get; private set; } = "";

    public string SummaryLevel { get; private set; } = "Ok";

    public LiveView? Live { get; private set; }

    /// <summary>The guid the start button places its order with: the followed order's, else a fresh one.</summary>
    public Guid StartGuid { get; private set; }

    public bool TestMode { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Places (or reuses) the test order and hands the admin to Interkassa with its form: this answer opens in a new tab.</summary>
    public async Task<IActionResult> OnPostStartAsync(Guid testGuid, CancellationToken cancellationToken)
    {
        if (testGuid == Guid.Empty)
            return BadRequest();
        var start = await assistant.StartAsync(testGuid, cancellationToken);
        if (start.Form is { } form)
            return Partial("_PaymentHandoff", PaymentHandoff.PostForm(form.Action, form.Fields));

        Error = start.Error;
        Order = start.Order?.OrderGuid;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The followed order's progress, polled by the page every few seconds.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid order, CancellationToken cancellationToken)
    {
        var status = await assistant.GetStatusAsync(order, cancellationToken);
        if (status is null)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(await LiveViewAsync(status));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var checks = await assistant.RunChecksAsync(Request.Host.Host, cancellationToken);
        var views = new List<CheckView>();
        foreach (var check in checks)
            views.Add(new CheckView(check.Name, check.Level.ToString(), await text.GetAsync("Assistant.Checks." + check.Name + ".Title"), await CheckTextAsync(check)));
        Checks = views;
        var worst = checks.Count == 0 ? CheckLevel.Ok : checks.Max(c => c.Level);
        SummaryLevel = worst.ToString();
        Summary = await text.GetAsync("Assistant.Summary." + worst);
        TestMode = (await assistant.GetSettingsAsync((await storeContext.GetCurrentStoreAsync()).Id)).TestMode;

        if (Order is { } guid && await assistant.GetStatusAsync(guid, cancellationToken) is { } status)
            Live = await LiveViewAsync(status);
        else
            Order = null;
        StartGuid = Live is not null && !Live.Finished ? Order!.Value : Guid.NewGuid();
    }

    private async Task<string> CheckTextAsync(SetupCheck check)
    {
        if (check.Name == SetupChecks.Api && check.Outcome == "Failed")
        {
            // The connection check's own texts: what failed and what to do.
            var outcome = check.Args[0];
            return await text.GetAsync("Connection." + outcome) + " " + await text.GetAsync("Connection." + outcome + ".Next");
        }

        var args = check.Name == SetupChecks.Settings && check.Outcome == "Missing"
            ? [string.Join(", ", await Task.WhenAll(check.Args.Select(a => text.GetAsync("Configure.Fields." + a))))]
            : check.Args.ToArray();
        return Format(await text.GetAsync("Assistant.Checks." + check.Name + "." + check.Outcome), args);
    }

    private async Task<LiveView> LiveViewAsync(TestOrderStatus test)
    {
        var status = test.Status;
        var steps = new List<StepView>();
        foreach (var step in status.Steps)
        {
            var time = step.AtUtc?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + (step.AtUtc is null ? null : " UTC");
            steps.Add(new StepView(step.Name.ToString(), step.State.ToString(), await text.GetAsync("Assistant.Steps." + step.Name),
                step.State == LiveStepState.Done ? time : await text.GetAsync("Assistant.StepStates." + step.State)));
        }

        var headline = Format(await text.GetAsync("Assistant.Outcomes." + status.Outcome),
            test.Order.CustomOrderNumber, status.MinutesWaited.ToString(CultureInfo.InvariantCulture), test.NotifyUrl);
        string? advice = null;
        if (status.Diagnosis is { } diagnosis)
        {
            advice = Format(await text.GetAsync("Assistant.Diagnosis." + diagnosis.Code),
                Algorithm(diagnosis.SignedWith), Algorithm(diagnosis.Configured));
        }

        var interkassa = status.InterkassaState is { } state
            ? Format(await text.GetAsync("Assistant.InterkassaState"), await text.GetAsync("Assistant.ApiStates." + state))
            : null;
        return new LiveView(test.Order.CustomOrderNumber, test.Order.Id, status.Outcome.ToString(), headline, advice, interkassa, status.IsFinished, steps);
    }

    private static string Algorithm(Protocol.SignatureAlgorithm? algorithm) => algorithm switch
    {
        Protocol.SignatureAlgorithm.Md5 => "MD5",
        Protocol.SignatureAlgorithm.Sha256 => "SHA-256",
        _ => "",
    };

    /// <summary>A resource with its placeholders; a resource with stray braces is shown as written.</summary>
    private static string Format(string template, params string[] args)
    {
        try
        {
            return string.Format(CultureInfo.InvariantCulture, template, args);
        }
        catch (FormatException)
        {
            return template;
        }
    }
}
