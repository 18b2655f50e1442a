using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary>One notification to deliver, with the switches that shape its delivery.</summary>
public sealed class DeliveryJob(string invoiceId, int round, IReadOnlyDictionary<string, string> fields, Uri url, bool useGet, DeliveryFaults faults)
{
    public string InvoiceId { get; } = invoiceId;

    public int Round { get; } = round;

    public IReadOnlyDictionary<string, string> Fields { get; } = fields;

    public Uri Url { get; } = url;

    public bool UseGet { get; } = useGet;

    public DeliveryFaults Faults { get; } = faults;

    /// <summary>Completes when the first attempt has been made (or dropped), whatever its outcome.</summary>
    public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Hands notifications to <see cref="DeliveryWorker"/> and lets the pay button wait for the first attempt.</summary>
public sealed class NotificationDispatcher(SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, ILogger<NotificationDispatcher> logger)
{
    private readonly Channel<DeliveryJob> _jobs = Channel.CreateUnbounded<DeliveryJob>(new UnboundedChannelOptions { SingleReader = true });

    internal ChannelReader<DeliveryJob> Jobs => _jobs.Reader;

    /// <summary>
    /// Queues the notification for <paramref name="invoiceId"/> and waits, at most
    /// <see cref="SandboxDeliveryOptions.FirstAttemptWaitMs"/>, for its first attempt.
    /// Without an interaction URL nothing is sent and the round is not counted.
    /// </summary>
    public async Task DeliverAsync(string invoiceId, IReadOnlyDictionary<string, string> fields, string? url, string? method, DeliveryFaults faults, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var target))
        {
            logger.LogInformation("Invoice {InvoiceId}: no usable interaction URL, notification not sent", invoiceId);
            return;
        }

        var round = store.BeginRound(invoiceId, fields);
        var useGet = string.Equals(method, "get", StringComparison.OrdinalIgnoreCase);
        var job = new DeliveryJob(invoiceId, round, fields, target, useGet, faults);
        await _jobs.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);

        var wait = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.Delivery.FirstAttemptWaitMs));
        try
        {
            await job.FirstAttempt.Task.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The buyer is sent back anyway; the worker keeps delivering.
            logger.LogInformation("Invoice {InvoiceId}: first delivery not finished within {Wait}", invoiceId, wait);
        }
    }
}
