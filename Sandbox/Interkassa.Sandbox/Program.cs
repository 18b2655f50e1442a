using Interkassa.Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInterkassaSandbox(builder.Configuration.GetSection("Sandbox"));

var app = builder.Build();
app.MapInterkassaSandbox();
app.Run();
