using System.Text.Json;

namespace Plugin.Payments.Interkassa.Operations;

/// <summary>The last reconciliation of a store, kept as a setting for the health check and the configure page.</summary>
/// <param name="Checked">Pending orders asked about.</param>
/// <param name="Applied">Orders changed (marked paid, or a final state noted).</param>
/// <param name="Refused">Invoices not applied because amount or currency differ from the request.</param>
/// <param name="Errors">API or storage failures; the orders concerned are asked about again next round.</param>
/// <param name="Error">The first failure in words, without any secret.</param>
/// <param name="CabinetRefunds">The step that records refunds made in Interkassa's cabinet (<see cref="CabinetRefundSync"/>); null in results stored before it existed.</param>
public sealed record ReconciliationResult(DateTime RunOnUtc, bool ApiConfigured, int Checked, int Applied, int Refused, int Errors, string? Error,
    CabinetRefundResult? CabinetRefunds = null)
{
    /// <summary>Setting key (per store) holding the last result.</summary>
    public const string SettingKey = "interkassa.reconciliation.last";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The stored result, or null when none is stored or it cannot be read.</summary>
    public static ReconciliationResult? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<ReconciliationResult>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
