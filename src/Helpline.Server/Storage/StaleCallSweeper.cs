using Helpline.Data;
using System.Text.Json;
using Dapper;
using Helpline.Data.Calls;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.Rest;
using Microsoft.Extensions.Options;
using Npgsql;
using Helpline.Server.Agents;

namespace Helpline.Server.Storage;

/// <summary>
/// Makes sure no call row stays open for ever. A call's end normally arrives as the provider's status callback; when that
/// callback is lost (or went to an instance that was killed), the call goes quiet with <c>ended_at</c> still empty. Every
/// few minutes this asks the provider about each call quiet for longer than <see cref="StaleCallOptions.QuietMinutes"/>
/// (<c>GET …/Calls/{Sid}.json</c>) and closes the ones it reports over, exactly as the status callback would (queue place
/// and worker freed). A call the provider does not know is closed as <c>not-found</c>; one older than
/// <see cref="StaleCallOptions.MaxCallHours"/> that cannot be looked up is closed as <c>stale</c>. Calls still live at the
/// provider (a long conversation with a social worker) are left alone.
/// </summary>
/// <remarks>
/// One instance sweeps at a time (a PostgreSQL advisory lock), so two instances do not both query the provider; closing
/// is idempotent anyway. A sweep that fails (database or provider down) is logged and retried at the next one.
/// </remarks>
internal sealed partial class StaleCallSweeper(
    CallStore calls,
    CallEnding ending,
    RestClientFactory rest,
    NpgsqlDataSource dataSource,
    DatabaseInitializer database,
    IOptions<StaleCallOptions> options,
    TimeProvider time,
    ILogger<StaleCallSweeper> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const long LockKey = 0x48_4C_53_54_41_4C_45; // "HLSTALE": the sweep's advisory lock

    /// <summary>One sweep; returns how many calls it closed (0 when another instance holds the sweep).</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@key)", new { key = LockKey }, cancellationToken: ct)))
        {
            return 0;
        }

        try
        {
            var settings = options.Value;
            var now = time.GetUtcNow();
            var quiet = await calls.QuietOpenCallsAsync(now - TimeSpan.FromMinutes(settings.QuietMinutes), BatchSize, ct);
            var client = rest.Create();
            var closed = 0;
            foreach (var call in quiet)
            {
                var lookup = await client.FetchCallAsync(call.CallSid, ct);
                var (status, duration, reason) = lookup switch
                {
                    { HasEnded: true } => (lookup.Status!, lookup.DurationSeconds, "provider"),
                    { Outcome: RestOutcome.CallGone } => ("not-found", (int?)null, "provider does not know the call"),
                    { Outcome: RestOutcome.Failed } when now - call.StartedAt > TimeSpan.FromHours(settings.MaxCallHours) => ("stale", (int?)null, "older than the longest possible call"),
                    _ => (null, null, null),
                };
                if (status is null)
                {
                    if (lookup.Outcome == RestOutcome.Failed)
                    {
                        LogLookupFailed(logger, call.CallSid, lookup.Result.StatusCode, lookup.Result.Message);
                    }

                    continue; // still live, or unknown for now: the next sweep asks again
                }

                var detail = JsonSerializer.Serialize(new { sweeper = true, reason, providerStatus = lookup.Status, quietSince = call.UpdatedAt });
                if (await ending.EndAsync(new CallCompletion(call.CallSid, status, duration, time.GetUtcNow(), detail), ct) == CompletionResult.Closed)
                {
                    closed++;
                    LogClosed(logger, call.CallSid, status, reason!);
                }
            }

            return closed;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await database.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.SweepMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                LogSweepFailed(logger, ex);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepBug(logger, ex); // a defect must not stop the host: try again at the next sweep
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed quiet call {CallSid} as {Status} ({Reason}): its status callback never came")]
    private static partial void LogClosed(ILogger logger, string callSid, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up quiet call {CallSid} at the provider (HTTP {Status}: {Message}); asking again at the next sweep")]
    private static partial void LogLookupFailed(ILogger logger, string callSid, int? status, string? message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stale-call sweep failed; retrying at the next one")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stale-call sweep failed unexpectedly (a defect, not the database); retrying at the next one")]
    private static partial void LogSweepBug(ILogger logger, Exception ex);
}
