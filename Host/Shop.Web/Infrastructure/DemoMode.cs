namespace Shop.Web.Infrastructure;

/// <summary>
/// Demo mode: the Interkassa sandbox mounted in the store and the plugin installed against it on first run, so that a
/// purchase works with no setup. The sandbox pays orders without money, so demo mode is for a developer's machine
/// only: it is on when <c>Demo:Enabled</c> is true <b>and</b> the environment is Development, and a store asked for it
/// in any other environment refuses to start.
/// </summary>
public sealed class DemoMode
{
    public const string EnabledSetting = "Demo:Enabled";

    private readonly DemoKeysConfiguration? _keys;

    private DemoMode(DemoKeysConfiguration? keys) => _keys = keys;

    public static DemoMode Off { get; } = new(null);

    public bool IsOn => _keys is not null;

    /// <summary>
    /// Reads <c>Demo:Enabled</c> (off when absent). When on, adds the configuration the demo's keys are published to.
    /// </summary>
    /// <exception cref="DemoModeRefusedException">Demo mode is asked for outside Development.</exception>
    public static DemoMode Decide(IConfigurationManager configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (!configuration.GetValue(EnabledSetting, false))
            return Off;
        if (!environment.IsDevelopment())
            throw new DemoModeRefusedException(environment.EnvironmentName);

        var keys = new DemoKeysConfiguration();
        configuration.Add(keys);
        return new DemoMode(keys);
    }

    /// <summary>Hands this database's demo keys to the mounted sandbox and to the plugin's installer (through configuration).</summary>
    public void Publish(DemoKeys keys)
    {
        if (_keys is null)
            throw new InvalidOperationException("Demo mode is off: there is no sandbox to hand keys to.");
        _keys.Publish(keys);
    }
}

/// <summary>Thrown at start-up when demo mode is asked for outside Development; the message says why and what to do.</summary>
public sealed class DemoModeRefusedException(string environment) : InvalidOperationException(
    $"Demo mode is refused in the '{environment}' environment: {DemoMode.EnabledSetting}=true mounts the Interkassa sandbox " +
    "at /sandbox/interkassa, which marks orders paid without any money and exposes its test hooks. " +
    "Demo mode runs only with ASPNETCORE_ENVIRONMENT=Development (as `dotnet run --project Host/Shop.Web` starts the store). " +
    $"Remove {DemoMode.EnabledSetting} (or set it to false) to run this store. " +
    $"/ Демо-режим запрещён в окружении '{environment}': песочница помечает заказы оплаченными без денег. " +
    $"Он работает только при ASPNETCORE_ENVIRONMENT=Development; уберите {DemoMode.EnabledSetting} или задайте false.")
{
    public string EnvironmentName { get; } = environment;
}
