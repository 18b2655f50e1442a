using System.Collections.ObjectModel;

namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>What the shop asks Interkassa to collect; <see cref="PaymentFormBuilder"/> validates and signs it.</summary>
public sealed record PaymentFormRequest
{
    /// <summary>The SCI endpoint the form posts to (Interkassa's or the sandbox's).</summary>
    public required string SciUrl { get; init; }

    /// <summary><c>ik_co_id</c>: ASCII letters, digits, '_' or '-', at most 36.</summary>
    public required string CheckoutId { get; init; }

    /// <summary><c>ik_pm_no</c>: ASCII letters, digits, '_' or '-', at most 32; unique per order.</summary>
    public required string PaymentNo { get; init; }

    /// <summary><c>ik_am</c>: greater than zero with at most two decimals.</summary>
    public required decimal Amount { get; init; }

    /// <summary><c>ik_cur</c>: a three-letter ISO code.</summary>
    public required string Currency { get; init; }

    /// <summary><c>ik_desc</c>: 1 to 255 characters.</summary>
    public required string Description { get; init; }

    /// <summary><c>ik_loc</c>: the payment page's language, e.g. "ru".</summary>
    public string? Locale { get; init; }

    /// <summary><c>ik_cli</c>: the payer's e-mail or phone, at most 64 characters.</summary>
    public string? PayerContact { get; init; }

    /// <summary><c>ik_ia_u</c>: where Interkassa posts the notification.</summary>
    public string? InteractionUrl { get; init; }

    public string InteractionMethod { get; init; } = "post";

    /// <summary><c>ik_suc_u</c>: where the buyer returns after paying.</summary>
    public string? SuccessUrl { get; init; }

    public string SuccessMethod { get; init; } = "get";

    /// <summary><c>ik_fal_u</c>: where the buyer returns after a failed payment.</summary>
    public string? FailUrl { get; init; }

    public string FailMethod { get; init; } = "get";

    /// <summary><c>ik_pnd_u</c>: where the buyer returns while the payment is pending.</summary>
    public string? PendingUrl { get; init; }

    public string PendingMethod { get; init; } = "get";

    /// <summary><c>ik_ltm</c>: how long the invoice may be paid, sent in whole seconds (at least one).</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>
    /// <c>ik_exp</c>: the moment the invoice stops being payable, sent in UTC as <c>yyyy-MM-dd HH:mm:ss</c> (whole seconds).
    /// Sent with <see cref="Lifetime"/> so that Interkassa honours the one it knows; the store computes both from one clock.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary><c>ik_pw_on</c>: the only payway aliases offered.</summary>
    public IReadOnlyList<string> PaywaysOn { get; init; } = [];

    /// <summary><c>ik_pw_off</c>: payway aliases not offered.</summary>
    public IReadOnlyList<string> PaywaysOff { get; init; } = [];

    /// <summary>
    /// <c>ik_pw_via</c>, sent with <c>ik_act=process</c>: the payway chosen in advance, so that Interkassa goes straight to
    /// it instead of offering its choice (the setup assistant's test order: the test payway, never real money).
    /// </summary>
    public string? PayWith { get; init; }

    /// <summary>Custom fields, named without the prefix; sent as <c>ik_x_&lt;name&gt;</c> and echoed back in the notification.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = ReadOnlyDictionary<string, string>.Empty;
}
