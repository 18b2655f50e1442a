using Microsoft.AspNetCore.DataProtection;
using System.Security.Cryptography;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>Encrypts the plugin's secrets at rest with the store's Data Protection keys (shared by every store process).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector(InterkassaDefaults.SecretsPurpose);

    public string Protect(string secret) => secret.Length == 0 ? "" : _protector.Protect(secret);

    /// <summary>The secret, or "" when none is stored or it cannot be decrypted (keys lost): treated as "not set".</summary>
    public string Unprotect(string protectedSecret)
    {
        if (protectedSecret.Length == 0)
            return "";
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return "";
        }
    }

    /// <summary>How a secret is shown back: that one is set and its last four characters.</summary>
    public static string Mask(string secret) =>
        secret.Length == 0 ? "" : "••••" + (secret.Length > 4 ? secret[^4..] : "");
}
