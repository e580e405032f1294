using Helpline.Data;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Flows;
using Helpline.Data.Migrations;
using Npgsql;
using Helpline.Server.Agents;

namespace Helpline.Server.Storage;

/// <summary>
/// Brings the database up to date when the service starts (migrations, the current flow version's copy, then the
/// workers of <c>Helpline:Routing:Workers</c> that do not exist yet, once and in order), retrying
/// until PostgreSQL answers. It runs in the background on purpose: calls are answered from the first second even if the
/// database is late, and <c>/readyz</c> says when it is ready.
/// </summary>
internal sealed partial class DatabaseInitializer(
    NpgsqlDataSource dataSource,
    FlowRegistry flows,
    FlowVersionStore versions,
    Helpline.Data.Routing.RoutingStore routing,
    Microsoft.Extensions.Options.IOptions<RoutingOptions> routingOptions,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once migrations are applied.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when migrations are applied and the configured workers exist.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The last error, while not ready.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await new MigrationRunner(dataSource).RunAsync(stoppingToken);
                foreach (var migration in applied)
                {
                    LogApplied(logger, migration);
                }

                var flow = flows.Current;
                await versions.SaveAsync(new FlowVersionRecord(flow.Hash, flow.Name, flow.SourcePath, flow.Content, time.GetUtcNow()), stoppingToken);
                await routing.SeedWorkersAsync(routingOptions.Value.Workers.Select(w => (w.Name, w.Phone)), time.GetUtcNow(), stoppingToken);
                LastError = null;
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                LastError = ex.Message;
                LogWaiting(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    private static partial void LogApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not reachable yet; retrying in {Seconds} s")]
    private static partial void LogWaiting(ILogger logger, Exception ex, double seconds);
}
