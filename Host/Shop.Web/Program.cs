using Shop.Web.Infrastructure;

/// <summary>
/// The reference store's entry point. Public and partial so tests can boot it with WebApplicationFactory&lt;Program&gt;.
/// </summary>
public partial class Program
{
    public static async Task Main(string[] args)
    {
        var app = ShopApplication.Build(args);
        await ShopApplication.InitializeAsync(app);
        await app.RunAsync();
    }
}
