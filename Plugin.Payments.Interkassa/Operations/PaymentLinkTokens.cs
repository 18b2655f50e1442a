using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Plugin.Payments.Interkassa.Operations;

public enum PaymentLinkTokenStatus
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Tokens of payment links: the order's guid and an expiry, protected (encrypted and authenticated) with the
/// store's Data Protection keys, which every store process shares. Without the keys a token cannot be made
/// from the guid alone; the expiry is checked against <see cref="TimeProvider"/>.
/// </summary>
public sealed class PaymentLinkTokens(IDataProtectionProvider provider, TimeProvider time)
{
    public const string Purpose = "Plugin.Payments.Interkassa.PaymentLink.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>A URL-safe token for the order, valid for <paramref name="lifetime"/>.</summary>
    public string Create(Guid orderGuid, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{orderGuid:N}|{expires}"));
    }

    public PaymentLinkTokenStatus Validate(Guid orderGuid, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
            return PaymentLinkTokenStatus.Invalid;
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return PaymentLinkTokenStatus.Invalid;
        }

        var parts = payload.Split('|');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var guid) || guid != orderGuid
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return PaymentLinkTokenStatus.Invalid;
        }
        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? PaymentLinkTokenStatus.Valid : PaymentLinkTokenStatus.Expired;
    }
}
