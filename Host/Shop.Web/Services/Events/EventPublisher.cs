using Shop.Abstractions.Events;

namespace Shop.Web.Services.Events;

/// <summary>
/// Hands an event to every <see cref="IConsumer{T}"/> registered in the container (the store's and the plugins').
/// A failing consumer is logged and does not stop the others or undo what raised the event.
/// </summary>
public sealed class EventPublisher(IServiceProvider services, ILogger<EventPublisher> logger) : IEventPublisher
{
    public async Task PublishAsync<TEvent>(TEvent domainEvent)
    {
        foreach (var consumer in services.GetServices<IConsumer<TEvent>>())
        {
            try
            {
                await consumer.HandleEventAsync(domainEvent);
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Consumer} failed to handle {Event}", consumer.GetType().FullName, typeof(TEvent).Name);
            }
        }
    }
}
