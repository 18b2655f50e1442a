using Shop.Abstractions.Domain;

namespace Shop.Abstractions.Events;

/// <summary>Publishes domain events to every registered <see cref="IConsumer{T}"/>.</summary>
public interface IEventPublisher
{
    Task PublishAsync<TEvent>(TEvent domainEvent);
}

/// <summary>Handles one kind of domain event; register implementations in the container.</summary>
public interface IConsumer<in TEvent>
{
    Task HandleEventAsync(TEvent domainEvent);
}

/// <summary>Published once, by the call that moved the order to Paid.</summary>
public sealed record OrderPaidEvent(Order Order);

/// <summary>Published after an order is saved and before the buyer is sent to pay.</summary>
public sealed record OrderPlacedEvent(Order Order);

/// <summary>Published after a refund (full or partial) is recorded; amount in the primary currency.</summary>
public sealed record OrderRefundedEvent(Order Order, decimal Amount);
