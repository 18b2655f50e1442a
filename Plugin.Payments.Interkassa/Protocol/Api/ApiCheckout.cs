namespace Plugin.Payments.Interkassa.Protocol.Api;

/// <summary><c>GET checkout/{id}</c> (<c>_id</c>, <c>nm</c>).</summary>
public sealed record ApiCheckout(string Id, string Name);
