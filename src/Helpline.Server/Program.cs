using Helpline.Server.Apis;
using Helpline.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddHelplineServices();
builder.AddHelplineResilience();
builder.AddHelplineDashboard();

var app = builder.Build();
app.UseHelplineFlow();
app.UseExceptionHandler();
app.UseHelplineResilience();
app.UseMiddleware<Helpline.Server.Voice.VoiceSafetyNet>();
app.MapHelplineDashboard();

app.MapHealthApi();
app.MapVoiceApi();
app.MapHoursApi();
app.MapPromptsApi();
app.MapWorkersApi();

app.Run();

/// <summary>Entry point; public so integration tests can host the server through WebApplicationFactory.</summary>
public partial class Program;
