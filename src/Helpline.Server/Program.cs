using Helpline.Server.Agents;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Hosting;
using Helpline.Server.Hours;
using Helpline.Server.Observability;
using Helpline.Server.Security;
using Helpline.Server.Voice;

WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHelplineOptions();       // every setting, validated at start (nested included)
    builder.AddHelplineStorage();       // PostgreSQL, the journal and its replayer, migrations, stale calls, retention
    builder.AddHelplineFlows();         // the call flow and its live reloads, stored versions, the hours override
    builder.AddHelplineVoice();         // the caller's leg, the queue, the workers' leg, the dispatcher, the provider's REST API
    builder.AddHelplineDashboard();     // sign-in, sessions, the workers' and supervisors' pages
    builder.AddHelplineDeployment();    // systemd notify, forwarded headers from the configured proxies only, the log format
    builder.AddHelplineObservability(); // metrics (Prometheus /metrics, OTLP) and traces, when configured

    app = builder.Build();
    app.CheckHelplineConfiguration();   // one line per problem, before anything listens
    app.UseHelplineForwardedHeaders();  // client address and scheme from trusted proxies, before anything reads them

    app.UseExceptionHandler();
    app.UseMiddleware<RequestSizeLimit>();   // 413 before anything reads a body
    app.UseVoiceProblemPages();              // a 4xx on /voice gets a problem body
    app.UseMiddleware<VoiceSafetyNet>();     // any failure on /voice: the emergency answer, never a 500
    app.UseMiddleware<SecurityHeaders>();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.UseRateLimiter();

    app.MapHealthApi();
    app.MapHelplineMetrics();                // /metrics: configured addresses or token only, 404 for anyone else
    app.MapVoiceApi();                       // signature-checked
    app.MapHoursApi();
    app.MapFlagsApi();
    app.MapSaturationApi();
    app.MapPromptsApi();
    app.MapWorkersApi();
    app.MapDashboard();

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
