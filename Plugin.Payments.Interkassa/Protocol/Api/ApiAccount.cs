namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary>An item of <c>GET account</c> (<c>_id</c>, <c>tp</c>, <c>nm</c>).</summary>
/// <param name="Type"><c>b</c> for a business account (the one private resources need), <c>p</c> for a personal one.</param>
public sealed record ApiAccount(string Id, string Type, string Name)
{
    public const string BusinessType = "b";

    public bool IsBusiness => string.Equals(Type, BusinessType, StringComparison.Ordinal);
}
