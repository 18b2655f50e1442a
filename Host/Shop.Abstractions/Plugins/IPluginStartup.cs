using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Abstractions.Plugins;

/// <summary>
/// The startup hook of a plugin: the store finds every implementation in a plugin's assembly
/// (it needs a public parameterless constructor) and calls it while building the host.
/// </summary>
public interface IPluginStartup
{
    /// <summary>Order among startups; lower runs first.</summary>
    int Order => 100;

    /// <summary>Registers framework services (typed HttpClients, options, ...).</summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Registers the plugin's services in Autofac with explicit lifetimes.</summary>
    void ConfigureContainer(ContainerBuilder builder, IConfiguration configuration) { }

    /// <summary>Adds middleware or endpoints; runs before the store maps its own pages.</summary>
    void Configure(IApplicationBuilder application) { }
}
