using Shop.Web.Infrastructure;

/// <summary>
/// The reference store's entry point. Public and partial so tests can boot it with WebApplicationFactory&lt;Program&gt;.
/// </summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = ShopApplication.Build(args);
        }
        catch (DemoModeRefusedException refused)
        {
            // A configuration mistake, not a crash: say why in one message and exit non-zero, without a stack trace.
            await Console.Error.WriteLineAsync(refused.Message);
            return 1;
        }

        await ShopApplication.InitializeAsync(app);
        await app.RunAsync();
        return 0;
    }
}
