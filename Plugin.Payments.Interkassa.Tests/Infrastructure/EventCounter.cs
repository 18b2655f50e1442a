using Shop.Abstractions.Events;

namespace Plugin.Payments.Interkassa.Tests.Infrastructure;

/// <summary>
/// Counts the events of one type a store publishes. Register the instance as a singleton consumer through
/// <see cref="ShopFactoryOptions.ConfigureServices"/>: <c>services.AddSingleton&lt;IConsumer&lt;OrderPaidEvent&gt;&gt;(counter)</c>.
/// </summary>
public sealed class EventCounter<TEvent> : IConsumer<TEvent>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<TEvent> _events = new();

    public int Count => _events.Count;

    public IReadOnlyList<TEvent> Events => [.. _events];

    public Task HandleEventAsync(TEvent domainEvent)
    {
        _events.Enqueue(domainEvent);
        return Task.CompletedTask;
    }
}
