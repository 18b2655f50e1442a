using Plugin.Payments.Interkassa.Settings;

namespace Plugin.Payments.Interkassa.Pages.Admin.PaymentInterkassa;

/// <summary>
/// What the admin asked for each write-only key on one post: keep the stored one, set a new one (typed now or
/// typed before a failed save or a check and carried encrypted in a Pending field), or remove it.
/// </summary>
internal sealed record TypedSecrets(TypedSecret Secret, TypedSecret Test, TypedSecret Api)
{
    public static TypedSecrets Read(ConfigureInput input, InterkassaSettings stored, SecretProtector protector) => new(
        TypedSecret.Read(input.SecretKey, input.PendingSecretKey, input.RemoveSecretKey, stored.ProtectedSecretKey, protector),
        TypedSecret.Read(input.TestKey, input.PendingTestKey, input.RemoveTestKey, stored.ProtectedTestKey, protector),
        TypedSecret.Read(input.ApiKey, input.PendingApiKey, input.RemoveApiKey, stored.ProtectedApiKey, protector));

    /// <summary>
    /// The page is shown again without saving: new keys go back encrypted (never in plain text) so the next
    /// «Save» still saves them; the password boxes stay empty.
    /// </summary>
    public void KeepPending(ConfigureInput input, SecretProtector protector)
    {
        input.SecretKey = input.TestKey = input.ApiKey = null;
        input.PendingSecretKey = protector.Protect(Secret.New);
        input.PendingTestKey = protector.Protect(Test.New);
        input.PendingApiKey = protector.Protect(Api.New);
    }
}

/// <param name="New">A key typed (now or before), or "".</param>
/// <param name="Remove">The admin ticked «remove the key» (a new key wins over it).</param>
/// <param name="HasStored">A key is stored for this scope.</param>
internal sealed record TypedSecret(string New, bool Remove, bool HasStored)
{
    public bool WillBeSet => New.Length > 0 || (HasStored && !Remove);

    /// <summary>The last four characters of the new key, for "typed, not saved yet".</summary>
    public string NewMask => SecretProtector.Mask(New);

    public static TypedSecret Read(string? typed, string? pending, bool remove, string storedProtected, SecretProtector protector)
    {
        var value = typed?.Trim() ?? "";
        if (value.Length == 0)
            value = protector.Unprotect(pending ?? "");
        return new TypedSecret(value, remove, protector.Unprotect(storedProtected).Length > 0);
    }

    /// <summary>The protected value to save; a new or removed key is overridden for the store being configured.</summary>
    public string Apply(string storedProtected, SecretProtector protector, HashSet<string> overridden, string settingName)
    {
        if (New.Length > 0)
        {
            overridden.Add(settingName);
            return protector.Protect(New);
        }

        if (!Remove)
            return storedProtected;
        overridden.Add(settingName);
        return "";
    }
}
