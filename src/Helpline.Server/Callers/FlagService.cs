using System.Globalization;
using Helpline.Data.Callers;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callers;

/// <summary>
/// Raising and deciding flags on callers, with the checks the API and the pages share: a known kind, a reason from
/// <c>config/flag-reasons.yaml</c>, a note of at most <see cref="MaxNoteLength"/> characters, a lifetime of 1 to
/// <c>Helpline:Callers:MaxFlagDays</c> days and a review date within it. Every change names its author (the session's
/// name, or <c>api</c> for the admin token) and is logged without a number, a hash or the note.
/// </summary>
internal sealed partial class FlagService(FlagStore store, FlagReasonCatalog reasons, IOptions<CallersOptions> options, TimeProvider time, ILogger<FlagService> logger)
{
    /// <summary>The longest note, in characters.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>The fields of a flag as typed: strings, validated here.</summary>
    /// <param name="Kind"><c>blocked</c> or <c>watch</c>.</param>
    /// <param name="Reason">A reason code.</param>
    /// <param name="Note">A note, or null.</param>
    /// <param name="Days">Its lifetime in days (default <c>DefaultFlagDays</c>).</param>
    /// <param name="ReviewDays">When to review it, in days from now (default: at its expiry, or in 7 days if sooner).</param>
    public sealed record Fields(string? Kind, string? Reason, string? Note, string? Days, string? ReviewDays);

    /// <summary>What raising a flag gave: its id, or the errors by field (keys: <c>callSid</c>, <c>kind</c>, <c>reason</c>, <c>note</c>, <c>days</c>, <c>reviewDays</c>).</summary>
    /// <param name="Id">The flag's id when stored.</param>
    /// <param name="Errors">The refused fields (English messages, for the API) when not.</param>
    /// <param name="Outcome">The store's outcome, when the fields were valid.</param>
    public sealed record Raised(long? Id, IReadOnlyDictionary<string, string[]> Errors, FlagOutcome? Outcome);

    /// <summary>Every reason (code, French label).</summary>
    public IReadOnlyList<(string Code, string Label)> Reasons => reasons.All;

    /// <summary>The French label of a reason code (the code itself if the list no longer has it).</summary>
    public string ReasonLabel(string code) => reasons.Label(code) ?? code;

    /// <summary>The settings (lifetimes).</summary>
    public CallersOptions Settings => options.Value;

    /// <summary>
    /// A supervisor (or the API) flags the caller of <paramref name="callSid"/>: the flag acts at once, replacing her
    /// current one. A worker's report (<paramref name="proposedBy"/> her worker id) is only a proposal until a supervisor
    /// confirms it, and only for a call she answered.
    /// </summary>
    public async Task<Raised> RaiseAsync(string? callSid, Fields fields, string by, int? proposedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(callSid) || callSid.Length > 64)
        {
            errors["callSid"] = ["is required: the identifier of one of the caller's calls"];
        }

        if (!FlagKinds.IsKnown(fields.Kind))
        {
            errors["kind"] = ["must be \"blocked\" or \"watch\""];
        }

        if (reasons.Label(fields.Reason) is null)
        {
            errors["reason"] = [$"must be one of: {string.Join(", ", reasons.All.Select(r => r.Code))} (config/flag-reasons.yaml)"];
        }

        var note = string.IsNullOrWhiteSpace(fields.Note) ? null : fields.Note.Trim();
        if (note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"must be at most {MaxNoteLength} characters"];
        }

        var settings = options.Value;
        var days = Days(fields.Days, settings.DefaultFlagDays, settings.MaxFlagDays, "days", errors);
        var reviewDays = Days(fields.ReviewDays, Math.Min(7, days ?? settings.DefaultFlagDays), days ?? settings.MaxFlagDays, "reviewDays", errors);
        if (errors.Count > 0)
        {
            return new Raised(null, errors, null);
        }

        var now = time.GetUtcNow();
        var status = proposedBy is null ? CallerFlagStatuses.Active : CallerFlagStatuses.Proposed;
        var request = new FlagRequest(callSid!, fields.Kind!, fields.Reason!, note, status, by, now, now.AddDays(days!.Value), now.AddDays(reviewDays!.Value))
        {
            AnsweredBy = proposedBy,
        };
        var (outcome, id) = await store.RaiseAsync(request, ct);
        switch (outcome)
        {
            case FlagOutcome.Stored:
                LogRaised(logger, id!.Value, status, request.Kind, request.Reason, by);
                return new Raised(id, errors, outcome);
            case FlagOutcome.UnknownCall:
                errors["callSid"] = ["no call has this identifier"];
                break;
            case FlagOutcome.Withheld:
                errors["callSid"] = ["the caller of this call withheld her number: she cannot be recognised, so she cannot be flagged"];
                break;
            default:
                errors["callSid"] = ["a worker may report only a call she answered"];
                break;
        }

        return new Raised(null, errors, outcome);
    }

    /// <summary>
    /// A supervisor's decision on flag <paramref name="id"/>: <c>confirmed</c> (a proposal acts, as <paramref name="kind"/>
    /// when given), <c>rejected</c> or <c>lifted</c>. False when the flag is not in a state the decision applies to.
    /// </summary>
    /// <exception cref="ArgumentException">A <paramref name="kind"/> that is not a flag kind.</exception>
    public async Task<bool> DecideAsync(long id, string decision, string? kind, string by, CancellationToken ct)
    {
        if (kind is not null && !FlagKinds.IsKnown(kind))
        {
            throw new ArgumentException("kind must be blocked or watch", nameof(kind));
        }

        var done = await store.DecideAsync(id, decision, kind, by, time.GetUtcNow(), ct);
        if (done)
        {
            LogDecided(logger, id, decision, by);
        }

        return done;
    }

    /// <summary>Lifts the active flag of the caller of <paramref name="callSid"/>; false when she has none.</summary>
    public async Task<bool> LiftForCallAsync(string callSid, string by, CancellationToken ct)
    {
        var done = await store.LiftForCallAsync(callSid, by, time.GetUtcNow(), ct);
        if (done)
        {
            LogLiftedForCall(logger, callSid, by);
        }

        return done;
    }

    private static int? Days(string? typed, int fallback, int max, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return Math.Min(fallback, max);
        }

        if (int.TryParse(typed.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1 && days <= max)
        {
            return days;
        }

        errors[field] = [string.Create(CultureInfo.InvariantCulture, $"must be a whole number of days from 1 to {max}")];
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flag {FlagId} {Status} ({Kind}, reason {Reason}) by {By}")]
    private static partial void LogRaised(ILogger logger, long flagId, string status, string kind, string reason, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flag {FlagId} {Decision} by {By}")]
    private static partial void LogDecided(ILogger logger, long flagId, string decision, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The flag of the caller of call {CallSid} lifted by {By}")]
    private static partial void LogLiftedForCall(ILogger logger, string callSid, string by);
}
