namespace Shop.Abstractions.Domain;

/// <summary>Every stored entity has an integer key.</summary>
public abstract class BaseEntity
{
    public int Id { get; set; }
}
