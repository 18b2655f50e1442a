using Interkassa.Sandbox;

var builder = WebApplication.CreateBuilder(args);

// Not appsettings.json: the store references this project for its demo mode, and a second
// appsettings.json would be copied over the store's own in its build output.
builder.Configuration.AddJsonFile("sandbox.settings.json", optional: false, reloadOnChange: false);
// Precedence as in every ASP.NET Core app: the settings file, then environment variables, then the command line
// (so `--urls` beats the file's "Urls").
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);
if (!builder.Configuration.GetSection("Sandbox:Checkouts").Exists())
{
    // No keys are committed: without a configured checkout (Sandbox__Checkouts__0__Id=… etc.) this run makes up its own.
    var generated = GeneratedCheckout.Create();
    builder.Configuration.AddInMemoryCollection(generated);
    GeneratedCheckout.Print(generated, Console.Out);
}

builder.Services.AddInterkassaSandbox(builder.Configuration.GetSection("Sandbox"));

var app = builder.Build();
app.MapInterkassaSandbox();
app.Run();
