using Helpline.Core.Callbacks;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Callbacks;
using Helpline.Server.Callers;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callbacks;

/// <summary>
/// A call-back a worker agreed with the caller on the phone, recorded at wrap-up on <c>/poste</c> (issue 13): the same
/// consent as a caller's own request — the number she confirmed, a window of the flow (or as soon as possible), whether
/// a neutral message may be left (no by default), which caller ID shows — then the same queue entry, the same
/// agent-first call-back. The number is encrypted at once and never shown again; it is never logged.
/// </summary>
/// <remarks>Thread-safe (singleton). Stored in one statement (<see cref="CallbackStore.RequestAsync"/>).</remarks>
internal sealed partial class WrapUpCallbacks(
    FlowRegistry flows,
    CallbackStore store,
    CallbackSecrets secrets,
    CallerHasher hasher,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    ILogger<WrapUpCallbacks> logger)
{
    /// <summary>What the form offers now: the flow's call-back words and the windows still open today or tomorrow, or null when the serving flow offers no call-back.</summary>
    public WrapUpCallbackChoices? Choices()
    {
        var flow = flows.Current;
        if (flow is null || CallbackOf(flow.Definition) is not { } callback)
        {
            return null;
        }

        var windows = CallbackWindows.Offered(callback, time.GetUtcNow(), flow.Definition.Calendar)
            .Select(w => new WrapUpCallbackWindow(w.Keys, Capitalised(w.Definition?.Said ?? callback.AsSoonAsPossibleSaid)))
            .ToList();
        return new WrapUpCallbackChoices(windows, !string.IsNullOrWhiteSpace(options.Value.NeutralCallerId));
    }

    /// <summary>
    /// Records the call-back worker <paramref name="workerId"/> agreed for call <paramref name="callSid"/>: returns its
    /// number, or the reason it was refused (a notice key of the page).
    /// </summary>
    public async Task<(int? Id, string Refusal)> RecordAsync(int workerId, string callSid, string? number, string? windowKey, bool messageAllowed, bool neutralCallerId, CancellationToken ct)
    {
        var flow = flows.Current;
        if (flow is null || CallbackOf(flow.Definition) is not { } callback)
        {
            return (null, "rappel-indisponible");
        }

        var (e164, problem) = TypedNumber.Parse(Keypad(number));
        if (e164 is null)
        {
            LogRefusedNumber(logger, workerId, problem); // the reason, never the number
            return (null, "rappel-numero-" + problem switch
            {
                TypedNumber.Problem.SpecialNumber => "special",
                TypedNumber.Problem.NotInternational => "etranger",
                _ => "invalide",
            });
        }

        var now = time.GetUtcNow();
        var chosen = CallbackWindows.Offered(callback, now, flow.Definition.Calendar).FirstOrDefault(w => w.Keys == windowKey);
        if (chosen.Window is null)
        {
            return (null, "rappel-fenetre");
        }

        var callerId = neutralCallerId && !string.IsNullOrWhiteSpace(options.Value.NeutralCallerId) ? "neutral" : "helpline";
        var summary = Dashboard.Pages.FrenchText.WrapUpCallbackSummary(
            chosen.Definition?.Said ?? callback.AsSoonAsPossibleSaid,
            callerId == "neutral" ? callback.NeutralCallerIdSaid ?? callback.HelplineCallerIdSaid : callback.HelplineCallerIdSaid,
            messageAllowed ? callback.MessageAllowedSaid : callback.MessageRefusedSaid);
        var consent = new CallbackConsent(secrets.ProtectNumber(e164), hasher.Hash(e164), null, chosen.Window.Name, chosen.Window.From, chosen.Window.To,
            messageAllowed, callerId, summary, now)
        {
            CallSid = callSid,
            Source = "worker",
            WorkerId = workerId,
            QueueName = flow.Definition.States.OfType<QueueState>().First(q => q.Callback is not null).QueueName,
        };
        var id = await store.RequestAsync(consent, null, [], now, ct);
        LogRecorded(logger, workerId, id, callSid, chosen.Window.Name);
        return (id, string.Empty);
    }

    /// <summary>A number as a person writes it (spaces, dots, dashes, a leading +) as keypad digits (the + as 00).</summary>
    private static string Keypad(string? number)
    {
        var kept = new string((number ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-' or '(' or ')' or '/')).ToArray());
        return kept.StartsWith('+') ? "00" + kept[1..] : kept;
    }

    private static string Capitalised(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    private static CallbackDefinition? CallbackOf(FlowDefinition flow) =>
        flow.States.OfType<QueueState>().Select(q => q.Callback).FirstOrDefault(c => c is not null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} recorded call-back {Request} agreed on call {CallSid} ({Window})")]
    private static partial void LogRecorded(ILogger logger, int workerId, int request, string callSid, string window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId}: a call-back number was refused ({Problem})")]
    private static partial void LogRefusedNumber(ILogger logger, int workerId, TypedNumber.Problem problem);
}
