var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.Run();

/// <summary>Entry point; public so integration tests can host the server through WebApplicationFactory.</summary>
public partial class Program;
