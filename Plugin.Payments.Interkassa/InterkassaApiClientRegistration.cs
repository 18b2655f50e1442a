using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Plugin.Payments.Interkassa.Protocol.Api;
using Polly;

namespace Plugin.Payments.Interkassa;

/// <summary>Registers <see cref="InterkassaApiClient"/> as a typed <see cref="HttpClient"/> with its timeout and retries.</summary>
public static class InterkassaApiClientRegistration
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt; transient failures only, GET only.</summary>
    public const int MaxRetries = 2;

    public const string ResiliencePipelineName = "interkassa-api";

    /// <param name="timeout">The whole call's budget, retries and their back-off included (default 30 s).</param>
    public static IHttpClientBuilder AddInterkassaApiClient(this IServiceCollection services, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var budget = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero, nameof(timeout));

        var builder = services.AddHttpClient<InterkassaApiClient>(client => client.Timeout = budget);
        builder.AddResilienceHandler(ResiliencePipelineName, pipeline =>
        {
            // Outermost, so the budget covers every attempt and every back-off delay.
            pipeline.AddTimeout(budget);

            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            };

            // A refund is a POST: repeating one that reached Interkassa before failing could refund twice.
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        });
        return builder;
    }
}
