namespace Interkassa.Sandbox;

/// <summary>The sandbox's configuration, bound from the <c>Sandbox</c> section.</summary>
public sealed class SandboxOptions
{
    public List<SandboxCheckoutOptions> Checkouts { get; init; } = [];

    public List<SandboxApiUserOptions> ApiUsers { get; init; } = [];

    public SandboxDeliveryOptions Delivery { get; init; } = new();

    /// <summary>Fault switches applied to every payment unless a request overrides them.</summary>
    public SandboxFaultOptions Faults { get; init; } = new();

    internal SandboxCheckoutOptions? FindCheckout(string id) =>
        Checkouts.Find(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}

public sealed class SandboxCheckoutOptions
{
    public string Id { get; set; } = "";

    /// <summary>Shown by <c>GET /v1/checkout</c>.</summary>
    public string Name { get; set; } = "Demo checkout";

    /// <summary>Signs requests and live notifications.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Signs notifications paid with the test payway.</summary>
    public string TestKey { get; set; } = "";

    /// <summary><c>md5</c> or <c>sha256</c>.</summary>
    public string Algorithm { get; set; } = "md5";

    public bool RequireSignature { get; set; } = true;

    /// <summary>Fee kept by "Interkassa": <c>ik_co_rfn = ik_am × (1 − CommissionPercent / 100)</c>.</summary>
    public decimal CommissionPercent { get; set; } = 3.0m;
}

public sealed class SandboxApiUserOptions
{
    public string UserId { get; set; } = "";

    public string ApiKey { get; set; } = "";

    /// <summary>The business account id (<c>tp: "b"</c>) expected in <c>Ik-Api-Account-Id</c>.</summary>
    public string AccountId { get; set; } = "";
}

public sealed class SandboxDeliveryOptions
{
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; doubles for each further one.</summary>
    public int InitialBackoffMs { get; set; } = 200;

    /// <summary>How long the pay button waits for the first attempt before sending the buyer back.</summary>
    public int FirstAttemptWaitMs { get; set; } = 5000;
}

public sealed class SandboxFaultOptions
{
    /// <summary>Copies of the first delivery sent concurrently (values below 1 mean 1).</summary>
    public int Duplicates { get; set; } = 1;

    public int DelayMs { get; set; }

    public bool DropFirst { get; set; }

    public bool Tamper { get; set; }

    public bool Live { get; set; }

    public bool WrongKey { get; set; }

    public bool WrongAlgorithm { get; set; }

    public bool Drop { get; set; }

    public bool Unreachable { get; set; }
}
