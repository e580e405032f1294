using Helpline.Data;
using Dapper;
using Helpline.Data.Routing;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.Rest;
using Microsoft.Extensions.Options;
using Npgsql;
using Helpline.Server.Hosting;
using Helpline.Server.Observability;

namespace Helpline.Server.Agents;

/// <summary>
/// Gives waiting callers to available social workers. It wakes on every <c>NOTIFY helpline_dispatch</c> (a caller joins,
/// a worker becomes available, a wrap-up ends) from any instance, and sweeps every few seconds as a safety net. Each
/// assignment is one PostgreSQL transaction (<see cref="RoutingStore.TryAssignAsync"/>); the waiting call is then
/// redirected through the provider's REST API to <c>/voice/agent</c>, which dials the worker. If the redirect fails
/// for good (after the HTTP pipeline's retries) the worker is released, the caller keeps their place, and this instance
/// waits (2 s, doubling up to 60 s) before offering again: nobody is lost and a failing provider is not hammered.
/// </summary>
internal sealed partial class Dispatcher(
    RoutingStore store,
    Data.Callbacks.CallbackStore callbacks,
    Core.Flows.Execution.FlowRegistry flows,
    Hours.HoursOverrideService hours,
    RestClientFactory rest,
    DatabaseInitializer database,
    NpgsqlDataSource dataSource,
    IOptions<RoutingOptions> routing,
    VoiceRoutes routes,
    RoutingReadiness readiness,
    HelplineMetrics metrics,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private DateTimeOffset _retryAfter = DateTimeOffset.MinValue;
    private TimeSpan _backoff = TimeSpan.FromSeconds(2);

    /// <summary>Wakes the dispatcher now (same-instance shortcut of NOTIFY).</summary>
    public void Wake() => _wake.Release();

    /// <summary>Sweeps (when asked: the periodic pass), then assigns until no caller or no worker is left; returns the number of offers made.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct, bool sweep = true)
    {
        var settings = routing.Value;
        // Issue 13: a call-back is only made while the line is open (its calendar, with the operator's override).
        var lineOpen = flows.Current.Definition.Calendar.Evaluate(time.GetUtcNow(), hours.Active).IsOpen;
        if (sweep)
        {
            await store.SweepAsync(time.GetUtcNow(), TimeSpan.FromSeconds(settings.OfferTimeoutSeconds), TimeSpan.FromSeconds(settings.WrapUpSeconds), ct);
            await callbacks.SweepAsync(time.GetUtcNow(), lineOpen, ct);
        }

        if (!readiness.CanRoute)
        {
            return 0;
        }

        if (time.GetUtcNow() < _retryAfter)
        {
            return 0; // the provider failed recently: let it recover instead of retrying on every wake-up
        }

        var offers = 0;
        var client = rest.Create();
        while (await store.TryAssignAsync(time.GetUtcNow(), ct, callbacksAllowed: lineOpen) is { } assignment)
        {
            // The offer travels in the URL (worker, phone, menu choice, the caller's step), so the worker's leg connects
            // even if the database fails before the provider calls back. A call-back's turn calls the worker first.
            var result = assignment.Callback is null
                ? await client.RedirectCallAsync(assignment.CallSid, routes.AgentUrl(OfferToken.From(assignment)), ct)
                : await CallWorkerAsync(client, assignment, ct);
            switch (result.Outcome)
            {
                case RestOutcome.Succeeded:
                    offers++;
                    metrics.OfferMade();
                    _backoff = TimeSpan.FromSeconds(2);
                    LogOffered(logger, assignment.CallSid, assignment.WorkerId, assignment.WaitedSeconds);
                    break;
                case RestOutcome.CallGone:
                    await store.OfferFailedAsync(assignment.CallSid, assignment.WorkerId, callerGone: true, time.GetUtcNow(), ct);
                    LogGone(logger, assignment.CallSid);
                    break;
                default:
                    await store.OfferFailedAsync(assignment.CallSid, assignment.WorkerId, callerGone: false, time.GetUtcNow(), ct);
                    LogRedirectFailed(logger, assignment.CallSid, result.StatusCode, result.ErrorCode, result.Message);
                    _retryAfter = time.GetUtcNow() + _backoff;
                    _backoff = TimeSpan.FromSeconds(Math.Min(60, _backoff.TotalSeconds * 2));
                    return offers;
            }
        }

        return offers;
    }

    /// <summary>
    /// A call-back's turn, agent-first (issue 13): the worker's phone is called from the helpline's number (REST
    /// create-call), to run <c>/voice/callback/worker</c> when they pick up; its status callback says if they never did.
    /// Without a helpline number to show (neither <c>Helpline:Routing:CallerId</c> nor the number she called), the
    /// worker is not called: the offer fails and the request keeps its place.
    /// </summary>
    private async Task<RestResult> CallWorkerAsync(TwilioRestClient client, Assignment assignment, CancellationToken ct)
    {
        var offer = Callbacks.CallbackOffer.From(assignment);
        var from = string.IsNullOrWhiteSpace(routing.Value.CallerId) ? assignment.Callback!.HelplineNumber : routing.Value.CallerId;
        if (from is null)
        {
            return new RestResult(RestOutcome.Failed, null, null, "no helpline number to call the worker from (set Helpline:Routing:CallerId)");
        }

        return await client.CreateCallAsync(assignment.WorkerPhone, from, routes.CallbackLegUrl(VoiceRoutes.CallbackWorker, offer),
            routes.CallbackLegUrl(VoiceRoutes.CallbackWorkerStatus, offer), ct, routing.Value.RingSeconds);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken); // migrated, and the configured workers seeded
        var settings = routing.Value;
        if (readiness.WhyNot is { } why)
        {
            LogRoutingOff(logger, why);
        }

        _ = ListenAsync(stoppingToken);
        var nextSweepAt = DateTimeOffset.MinValue;
        var timerFired = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A wake-up (NOTIFY) only needs an assignment pass; the sweep runs when it is due by the clock (so a busy
                // stream of wake-ups can never starve it) or when our own timer fired — the end of a wrap-up, which only
                // the sweep turns into "available" (without it the loop would spin until the next periodic sweep).
                var now = time.GetUtcNow();
                var sweepDue = timerFired || now >= nextSweepAt || nextSweepAt - now > TimeSpan.FromSeconds(settings.SweepSeconds);
                if (sweepDue)
                {
                    nextSweepAt = now + TimeSpan.FromSeconds(settings.SweepSeconds);
                }

                await DispatchOnceAsync(stoppingToken, sweep: sweepDue);
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                metrics.StorageFault("dispatch");
                LogDispatchFailed(logger, ex);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug must not stop the host (every call would then fail): say it loudly and try again at the next
                // sweep, while callers keep holding and overflow on time.
                LogDispatchBug(logger, ex);
            }

            using var sweep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var untilSweep = nextSweepAt - time.GetUtcNow();
            var timer = Task.Delay(await NextWakeAsync(untilSweep > TimeSpan.Zero ? untilSweep : TimeSpan.FromMilliseconds(1), stoppingToken), time, sweep.Token);
            timerFired = await Task.WhenAny(_wake.WaitAsync(sweep.Token), timer) == timer;
            await sweep.CancelAsync();
            while (_wake.CurrentCount > 0)
            {
                await _wake.WaitAsync(stoppingToken); // one pass serves every wake-up received meanwhile
            }
        }
    }

    /// <summary>Until the next sweep, or the next change by the clock if sooner (the end of a wrap-up, of a recalling caller's reservation): a worker is offered a call as soon as it can be.</summary>
    private async Task<TimeSpan> NextWakeAsync(TimeSpan sweep, CancellationToken ct)
    {
        try
        {
            var next = await store.NextTimedChangeAsync(time.GetUtcNow(), ct);
            if (await callbacks.NextTurnAsync(time.GetUtcNow(), ct) is { } turn && (next is null || turn < next))
            {
                next = turn; // a call-back's window opens, or its next attempt is due
            }

            if (next is { } end)
            {
                var untilEnd = end - time.GetUtcNow();
                return untilEnd < sweep ? (untilEnd > TimeSpan.Zero ? untilEnd : TimeSpan.FromMilliseconds(1)) : sweep;
            }
        }
        catch (Exception ex) when (StorageFault.Is(ex))
        {
            LogDispatchFailed(logger, ex);
        }

        return sweep;
    }

    /// <summary>Holds a connection that LISTENs for other instances' (and our own) changes; reconnects after failures.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Wake();
                await connection.ExecuteAsync("listen " + RoutingStore.Channel);
                Wake(); // a NOTIFY sent while we were not listening (a database restart) is lost: look once now

                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is IOException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, ct);
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Offered call {CallSid} to worker {WorkerId} after {Waited} s")]
    private static partial void LogOffered(ILogger logger, string callSid, int workerId, int waited);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} ended before it could be offered")]
    private static partial void LogGone(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redirect of call {CallSid} failed (HTTP {Status}, error {Code}: {Message}); the caller keeps their place")]
    private static partial void LogRedirectFailed(ILogger logger, string callSid, int? status, int? code, string? message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Routing to the social workers is off: {Why}; queued callers overflow after the short grace")]
    private static partial void LogRoutingOff(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatch failed; retrying at the next sweep")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Dispatch failed unexpectedly (a defect, not the database); retrying at the next sweep — callers keep holding and overflow on time")]
    private static partial void LogDispatchBug(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN connection lost; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception ex);
}
