using System.Net;

namespace Plugin.Payments.Interkassa.Settings;

/// <summary>The optional allowlist of notification source addresses (CIDR blocks or single addresses).</summary>
public static class SourceAddressFilter
{
    /// <summary>Parses the setting; returns the entries it could not read so the configure page can name them.</summary>
    public static (IReadOnlyList<IPNetwork> Networks, IReadOnlyList<string> Invalid) Parse(string setting)
    {
        var networks = new List<IPNetwork>();
        var invalid = new List<string>();
        foreach (var entry in SettingList.Split(setting))
        {
            if (IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(entry, out var single))
                networks.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
                invalid.Add(entry);
        }

        return (networks, invalid);
    }

    /// <summary>True when the setting is empty or the address falls in one of its blocks.</summary>
    public static bool IsAllowed(string setting, string? address)
    {
        var (networks, _) = Parse(setting);
        if (networks.Count == 0)
            return true;
        if (address is null || !IPAddress.TryParse(address, out var ip))
            return false;
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        return networks.Any(n => n.Contains(ip));
    }
}
