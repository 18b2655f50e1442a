using Interkassa.Sandbox;

var builder = WebApplication.CreateBuilder(args);

// Not appsettings.json: the store references this project for its demo mode, and a second
// appsettings.json would be copied over the store's own in its build output.
builder.Configuration.AddJsonFile("sandbox.settings.json", optional: false, reloadOnChange: false);
builder.Services.AddInterkassaSandbox(builder.Configuration.GetSection("Sandbox"));

var app = builder.Build();
app.MapInterkassaSandbox();
app.Run();
