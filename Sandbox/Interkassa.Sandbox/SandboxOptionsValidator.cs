using Microsoft.Extensions.Options;

namespace Interkassa.Sandbox;

/// <summary>Refuses to start with a configuration the sandbox could not honour, naming what is wrong.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Checkouts.Count; i++)
        {
            var checkout = options.Checkouts[i];
            var where = $"Sandbox:Checkouts:{i}";
            if (string.IsNullOrWhiteSpace(checkout.Id) || !ids.Add(checkout.Id))
            {
                failures.Add($"{where}:Id is empty or repeated");
            }

            if (string.IsNullOrEmpty(checkout.SecretKey) || string.IsNullOrEmpty(checkout.TestKey))
            {
                failures.Add($"{where}: SecretKey and TestKey are required");
            }

            if (!IkSignature.TryParseAlgorithm(checkout.Algorithm, out _))
            {
                failures.Add($"{where}:Algorithm must be md5 or sha256");
            }

            if (checkout.CommissionPercent is < 0 or >= 100)
            {
                failures.Add($"{where}:CommissionPercent must be in [0, 100)");
            }
        }

        for (var i = 0; i < options.ApiUsers.Count; i++)
        {
            var user = options.ApiUsers[i];
            if (string.IsNullOrEmpty(user.UserId) || string.IsNullOrEmpty(user.ApiKey) || string.IsNullOrEmpty(user.AccountId))
            {
                failures.Add($"Sandbox:ApiUsers:{i}: UserId, ApiKey and AccountId are required");
            }
        }

        var delivery = options.Delivery;
        if (delivery.MaxAttempts < 1 || delivery.InitialBackoffMs < 0 || delivery.FirstAttemptWaitMs < 0)
        {
            failures.Add("Sandbox:Delivery: MaxAttempts must be at least 1, InitialBackoffMs and FirstAttemptWaitMs not negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
