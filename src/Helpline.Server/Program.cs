using Helpline.Server.Apis;
using Helpline.Server.Extensions;
using Helpline.Server.Hosting;

WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHelplineServices();
    builder.AddHelplineResilience();
    builder.AddHelplineDashboard();
    builder.AddHelplineDeployment();

    app = builder.Build();
    app.CheckHelplineConfiguration();
    app.UseHelplineForwardedHeaders();
    app.UseExceptionHandler();
    app.UseHelplineResilience();
    app.UseMiddleware<Helpline.Server.Voice.VoiceSafetyNet>();
    app.MapHelplineDashboard();

    app.MapHealthApi();
    app.MapVoiceApi();
    app.MapHoursApi();
    app.MapPromptsApi();
    app.MapWorkersApi();

    await app.RunAsync();
    return 0;
}
catch (Exception error) when (StartupFailure.ConfigurationProblems(error) is { } problems)
{
    // An operator's setting to fix: one line per problem, no stack trace. Any other exception is a bug and surfaces as one.
    return await StartupFailure.ReportAsync(problems, app);
}

/// <summary>Entry point; public so integration tests can host the server through WebApplicationFactory.</summary>
public partial class Program;
