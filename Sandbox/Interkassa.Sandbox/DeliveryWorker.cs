using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary>
/// Delivers queued notifications: delay, first attempt (with concurrent copies or dropped when asked),
/// then exponential back-off until the shop answers 200 <c>OK</c> or the attempts run out. Every job is
/// tracked until it ends, and awaited on shutdown.
/// </summary>
public sealed partial class DeliveryWorker(
    NotificationDispatcher dispatcher,
    SandboxStore store,
    IHttpClientFactory httpClients,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "Interkassa.Sandbox.Notifications";
    private const int MaxLoggedBody = 4000;

    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in dispatcher.Jobs.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var task = RunAsync(job, stoppingToken);
                lock (_gate)
                {
                    _running.Add(task);
                }

                _ = task.ContinueWith(Forget, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: fall through and wait for the jobs in flight.
        }

        Task[] pending;
        lock (_gate)
        {
            pending = [.. _running];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private void Forget(Task finished)
    {
        lock (_gate)
        {
            _running.Remove(finished);
        }
    }

    /// <summary>Never throws: failures end up in the log and in the invoice's delivery state.</summary>
    private async Task RunAsync(DeliveryJob job, CancellationToken stoppingToken)
    {
        var settings = options.Value.Delivery;
        var maxAttempts = Math.Max(1, settings.MaxAttempts);
        var delivered = false;
        try
        {
            if (job.Faults.DelayMs > 0)
            {
                await WaitAsync(TimeSpan.FromMilliseconds(job.Faults.DelayMs), stoppingToken).ConfigureAwait(false);
            }

            for (var attempt = 1; attempt <= maxAttempts && !delivered; attempt++)
            {
                if (attempt > 1)
                {
                    await WaitAsync(Backoff(settings.InitialBackoffMs, attempt), stoppingToken).ConfigureAwait(false);
                }

                if (job.Faults.Drop || (attempt == 1 && job.Faults.DropFirst))
                {
                    var why = job.Faults.Drop ? "dropped by the drop switch" : "dropped by the dropFirst switch";
                    store.AddAttempt(job.InvoiceId, new DeliveryAttempt(job.Round, attempt, 1, job.Fields["ik_inv_st"], time.GetUtcNow(), Method(job), job.Url.ToString(), Dropped: true, null, null, why));
                }
                else
                {
                    var copies = attempt == 1 ? job.Faults.Duplicates : 1;
                    var results = await Task.WhenAll(Enumerable.Range(1, copies).Select(copy => SendAsync(job, attempt, copy, stoppingToken))).ConfigureAwait(false);
                    delivered = results.Any(r => r.Ok);
                }

                job.FirstAttempt.TrySetResult();
                if (!delivered)
                {
                    LogAttemptFailed(job.InvoiceId, job.Round, attempt, maxAttempts);
                }
            }

            if (!delivered)
            {
                LogGaveUp(job.InvoiceId, job.Round, maxAttempts);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(job.InvoiceId, job.Round);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug here must not kill the worker; it is logged and shows as gaveUp.
            LogCrashed(ex, job.InvoiceId, job.Round);
        }
        finally
        {
            store.EndRound(job.InvoiceId, job.Round, delivered);
            job.FirstAttempt.TrySetResult();
        }
    }

    private async Task<DeliveryAttempt> SendAsync(DeliveryJob job, int attempt, int copy, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var url = job.Faults.Unreachable ? DeliveryFaults.UnreachableUrl : job.Url;
        using var request = job.UseGet
            ? new HttpRequestMessage(HttpMethod.Get, FormFields.AppendQuery(url, job.Fields))
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(job.Fields) };
        DeliveryAttempt result;
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > MaxLoggedBody)
            {
                body = body[..MaxLoggedBody];
            }

            result = new DeliveryAttempt(job.Round, attempt, copy, job.Fields["ik_inv_st"], started, Method(job), url.ToString(), false, (int)response.StatusCode, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            result = new DeliveryAttempt(job.Round, attempt, copy, job.Fields["ik_inv_st"], started, Method(job), url.ToString(), false, null, null, ex.Message);
        }

        store.AddAttempt(job.InvoiceId, result);
        return result;
    }

    /// <summary>
    /// Waits until <paramref name="wait"/> has passed on <see cref="TimeProvider"/>'s clock, the clock the
    /// delivery log is written with: timers may fire a few milliseconds early against it.
    /// </summary>
    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var due = time.GetUtcNow() + wait;
        for (var left = wait; left > TimeSpan.Zero; left = due - time.GetUtcNow())
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static TimeSpan Backoff(int initialMs, int attempt) =>
        TimeSpan.FromMilliseconds(Math.Max(0, initialMs) * Math.Pow(2, attempt - 2));

    private static string Method(DeliveryJob job) => job.UseGet ? "GET" : "POST";

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} round {Round}: attempt {Attempt} of {MaxAttempts} not acknowledged with 200 OK")]
    private partial void LogAttemptFailed(string invoiceId, int round, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} round {Round}: gave up after {MaxAttempts} attempts")]
    private partial void LogGaveUp(string invoiceId, int round, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} round {Round}: delivery stopped by shutdown")]
    private partial void LogStopped(string invoiceId, int round);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoice {InvoiceId} round {Round}: delivery failed unexpectedly")]
    private partial void LogCrashed(Exception exception, string invoiceId, int round);
}
