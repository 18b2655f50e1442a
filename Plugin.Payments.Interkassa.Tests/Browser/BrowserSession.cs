using Microsoft.Playwright;

namespace Plugin.Payments.Interkassa.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (no browser download: the executable comes from the
/// distribution's package). Screenshots of each step land in the test's work folder for people to look at.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _screenshots;

    private BrowserSession(IPlaywright playwright, IBrowser browser, string screenshots)
    {
        _playwright = playwright;
        Browser = browser;
        _screenshots = screenshots;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> StartAsync(string name)
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"Browser tests need Chromium at {ChromiumPath}: install the Debian package 'chromium' (apt-get install -y chromium).");

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace sandbox; the rest keeps Chromium off the (closed) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var screenshots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name);
        Directory.CreateDirectory(screenshots);
        return new BrowserSession(playwright, browser, screenshots);
    }

    /// <summary>A separate person: own cookies, Russian locale, a laptop-sized window (or <paramref name="width"/> px wide, e.g. 390 for a phone).</summary>
    public async Task<IPage> NewPersonAsync(Uri baseAddress, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in as the store's administrator.</summary>
    public static async Task LogInAsAdminAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#email", Infrastructure.ShopFactory.AdminEmail);
        await page.FillAsync("#password", Infrastructure.ShopFactory.DefaultAdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the page is wider than its window (something sticks out sideways).</summary>
    public static async Task<bool> OverflowsSidewaysAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    /// <summary>Saves a full-page screenshot named after the step.</summary>
    public async Task ScreenshotAsync(IPage page, string step)
    {
        var path = Path.Combine(_screenshots, step + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, step);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
