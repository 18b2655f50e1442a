namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>What a notification is checked against: the store's configured checkout, keys and mode.</summary>
public sealed record NotificationVerificationContext(string CheckoutId, InterkassaKeys Keys, bool TestMode);
