using System.Globalization;
using System.Text;
using Helpline.Core.Voice;
using Helpline.Server.Agents;
using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Voice;

/// <summary>
/// The <c>/voice</c> routes table: every path the provider calls and every query key of the URLs we hand it, built
/// and read in this one place. Keys are readable (<c>flow</c>, <c>state</c>, <c>step</c>, <c>replays</c>;
/// <c>worker</c>, <c>offer</c>, <c>phone</c>, <c>choice</c>, <c>joined</c>, <c>caller</c>); the one-letter keys of URLs handed out
/// by earlier builds (<c>f</c>, <c>st</c>, <c>s</c>, <c>a</c>, <c>w</c>, <c>p</c>, <c>m</c>, <c>j</c>, <c>c</c>) are
/// still read, so calls in flight during an upgrade go on. URLs are absolute on <see cref="HelplineOptions.PublicBaseUrl"/>
/// (so they are signed exactly as the provider requests them), relative without it.
/// </summary>
/// <remarks>
/// Reading is lenient where a database read could still save the call (an optional part that is malformed reads as
/// absent) and strict where it could not (a step token with any bad part reads as null: the caller then gets the
/// emergency answer rather than a guess). The bounds are the validator's (<see cref="VoiceLimits"/>), never tighter.
/// </remarks>
internal sealed class VoiceRoutes(IOptions<HelplineOptions> options)
{
    /// <summary>A new call: the number's Voice URL.</summary>
    public const string Incoming = "/voice/incoming";

    /// <summary>Keys pressed, or none (Gather action).</summary>
    public const string Gather = "/voice/gather";

    /// <summary>A transfer's outcome (Dial action).</summary>
    public const string Dial = "/voice/dial";

    /// <summary>The end of a queue wait (Enqueue action).</summary>
    public const string QueueExit = "/voice/queue";

    /// <summary>What a waiting caller hears (Enqueue wait URL).</summary>
    public const string QueueWait = "/voice/queue/wait";

    /// <summary>The status callback.</summary>
    public const string Status = "/voice/status";

    /// <summary>A queued call redirected by the dispatcher to a social worker: dial them.</summary>
    public const string Agent = "/voice/agent";

    /// <summary>The whisper, on the worker's own leg.</summary>
    public const string Whisper = "/voice/agent/whisper";

    /// <summary>The worker's dial outcome, on the caller's leg.</summary>
    public const string AgentResult = "/voice/agent/result";

    /// <summary>The call-back sub-dialogue of a waiting caller (a Gather action inside the queue's wait answer).</summary>
    public const string Callback = "/voice/callback";

    /// <summary>A new call from a caller with a call-back pending: her answer to "press 1 to cancel it".</summary>
    public const string CallbackCancel = "/voice/callback/cancel";

    /// <summary>A call-back's worker answered the call we placed to them (agent-first): the whisper and the key to accept.</summary>
    public const string CallbackWorker = "/voice/callback/worker";

    /// <summary>The worker's key: accept, and the caller is dialled.</summary>
    public const string CallbackAccept = "/voice/callback/accept";

    /// <summary>The caller's phone answered (answering-machine detection's verdict), before the bridge.</summary>
    public const string CallbackCallee = "/voice/callback/callee";

    /// <summary>The dial to the caller ended (on the worker's call).</summary>
    public const string CallbackResult = "/voice/callback/result";

    /// <summary>The worker's call ended (its status callback).</summary>
    public const string CallbackWorkerStatus = "/voice/callback/worker-status";

    private static readonly Key Dialogue = new("cb", "cb"), Request = new("request", "request"), Queue = new("queue", "queue"), Window = new("window", "window"),
        Message = new("msg", "msg");
    /// <summary>The keypad challenge's answer (saturation mode, the hourly limit), before the queue.</summary>
    public const string Challenge = "/voice/challenge";

    private static readonly Key Flow = new("flow", "f"), State = new("state", "st"), StepNumber = new("step", "s"), MenuReplays = new("replays", "a"),
        Worker = new("worker", "w"), Offer = new("offer", "o"), Phone = new("phone", "p"), Choice = new("choice", "m"), Joined = new("joined", "j"), Caller = new("caller", "c"),
        Tags = new("tags", "tags"), Attempt = new("try", "try");

    private readonly string _base = (options.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');

    /// <summary>The URL of <paramref name="path"/> for the step <paramref name="token"/>.</summary>
    public string Url(string path, StepToken token) => $"{_base}{path}?{Query(token)}";

    /// <summary>The dispatcher's redirect of a queued caller to the worker of <paramref name="offer"/>.</summary>
    public string AgentUrl(OfferToken offer) => $"{_base}{Agent}?{Query(offer, withPhone: true)}";

    /// <summary>The whisper URL of <paramref name="offer"/> for the caller's call <paramref name="callerSid"/>.</summary>
    public string WhisperUrl(OfferToken offer, string callerSid) => $"{_base}{Whisper}?{Query(offer, withPhone: false)}&{Caller.Name}={Uri.EscapeDataString(callerSid)}";

    /// <summary>The worker's dial outcome URL of <paramref name="offer"/>.</summary>
    public string AgentResultUrl(OfferToken offer) => $"{_base}{AgentResult}?{Query(offer, withPhone: true)}";

    /// <summary>The call-back dialogue's URL at <paramref name="token"/> with its state (<paramref name="dialogue"/>: <c>offer</c>, or a protected state).</summary>
    public string CallbackUrl(StepToken token, string dialogue) => $"{_base}{Callback}?{Query(token)}&{Dialogue.Name}={Uri.EscapeDataString(dialogue)}";

    /// <summary>The cancel offer's URL of a new call at <paramref name="token"/>, for request <paramref name="request"/>.</summary>
    public string CallbackCancelUrl(StepToken token, int request) =>
        $"{_base}{CallbackCancel}?{Query(token)}&{Request.Name}={request.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A worker-leg URL of <paramref name="offer"/> (<see cref="CallbackWorker"/>, <see cref="CallbackAccept"/>…).</summary>
    public string CallbackLegUrl(string path, Callbacks.CallbackOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var query = new StringBuilder(Request.Name).Append('=').Append(offer.RequestId.ToString(CultureInfo.InvariantCulture))
            .Append('&').Append(Worker.Name).Append('=').Append(offer.WorkerId.ToString(CultureInfo.InvariantCulture));
        if (offer.OfferNumber is { } number)
        {
            query.Append('&').Append(Offer.Name).Append('=').Append(number.ToString(CultureInfo.InvariantCulture));
        }

        void Add(Key key, string? value)
        {
            if (value is not null)
            {
                query.Append('&').Append(key.Name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add(Flow, offer.FlowHash);
        Add(Queue, offer.QueueName);
        Add(Window, offer.WindowName);
        Add(Message, offer.MessageAllowed ? "1" : "0");
        Add(Choice, offer.MenuChoice);
        Add(Tags, string.Join(',', offer.Tags));
        return $"{_base}{path}?{query}";
    }

    /// <summary>Reads a call-back offer of the worker's leg; null when the request or the worker is missing or malformed.</summary>
    public static Callbacks.CallbackOffer? ReadCallbackOffer(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!int.TryParse(Request.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var request) || request < 1
            || !int.TryParse(Worker.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var worker) || worker < 1)
        {
            return null;
        }

        string? Text(Key key, int max) => Read(query, key) is { Length: > 0 } value && value.Length <= max && !value.Any(char.IsControl) ? value : null;
        var choice = Text(Choice, 32);
        return new Callbacks.CallbackOffer(
            request,
            worker,
            int.TryParse(Offer.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null,
            Text(Flow, 128),
            Text(Queue, VoiceLimits.MaxQueueNameLength),
            Text(Window, 64),
            Message.Read(query) == "1",
            choice is not null && choice.All(c => char.IsAsciiDigit(c) || c is '*' or '#') ? choice : null)
        {
            Tags = ReadTags(query) ?? [],
        };
    }

    /// <summary>The call-back dialogue's state of a <see cref="Callback"/> URL (<c>offer</c>, or a protected state), or null.</summary>
    public static string? ReadDialogue(IQueryCollection query) => Read(query, Dialogue) is { Length: > 0 and <= 2000 } value ? value : null;

    /// <summary>The request of a <see cref="CallbackCancel"/> URL, or null.</summary>
    public static int? ReadRequest(IQueryCollection query) =>
        int.TryParse(Read(query, Request), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static string Read(IQueryCollection query, Key key) => key.Read(query);

    /// <summary>The challenge's answer URL for the step <paramref name="token"/>: its <paramref name="attempt"/> (1-based) and the menu choice that led to the queue.</summary>
    public string ChallengeUrl(StepToken token, int attempt, string? choice)
    {
        var url = new StringBuilder(Url(Challenge, token)).Append('&').Append(Attempt.Name).Append('=').Append(attempt.ToString(CultureInfo.InvariantCulture));
        if (choice is not null)
        {
            url.Append('&').Append(Choice.Name).Append('=').Append(Uri.EscapeDataString(choice));
        }

        return url.ToString();
    }

    /// <summary>A challenge URL's attempt (1 when absent or malformed) and menu choice (null when absent or malformed).</summary>
    public static (int Attempt, string? Choice) ReadChallenge(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var attempt = int.TryParse(Attempt.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10 ? n : 1;
        var choice = Choice.Read(query);
        return (attempt, choice.Length is > 0 and <= 32 && choice.All(c => char.IsAsciiDigit(c) || c is '*' or '#') ? choice : null);
    }

    /// <summary>The URL of a recording under <c>/prompts/</c>.</summary>
    public string PromptUrl(string file) => _base + "/prompts/" + string.Join('/', file.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// Reads a step token; null when any part is missing or malformed. Control characters are refused: no valid state
    /// name has one.
    /// </summary>
    public static StepToken? ReadStep(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var flow = Flow.Read(query);
        var state = State.Read(query);
        if (flow.Length is 0 or > 128 || state.Length is 0 or > VoiceLimits.MaxStateNameLength || flow.Any(char.IsControl) || !VoiceLimits.IsCarriable(state)
            || !int.TryParse(StepNumber.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1
            || !int.TryParse(MenuReplays.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var replays) || replays > VoiceLimits.MaxMenuReplays)
        {
            return null;
        }

        return new StepToken(flow, state, step, replays);
    }

    /// <summary>
    /// Reads an offer; null when the worker is missing or malformed. Optional parts that are malformed read as absent
    /// (the worker's leg then asks the database), so a damaged URL never breaks a call that a database read could save.
    /// </summary>
    public static OfferToken? ReadOffer(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!int.TryParse(Worker.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var worker) || worker < 1)
        {
            return null;
        }

        var phone = Phone.Read(query);
        var choice = Choice.Read(query);
        DateTimeOffset? joined = long.TryParse(Joined.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new OfferToken(
            worker,
            IsPhone(phone) ? phone : null,
            choice.Length is > 0 and <= 32 && choice.All(c => char.IsAsciiDigit(c) || c is '*' or '#') ? choice : null,
            joined,
            ReadStep(query),
            int.TryParse(Offer.Read(query), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null)
        {
            Tags = ReadTags(query),
        };
    }

    /// <summary>The offer's tags: null when the URL has none (an older build's: the database says), empty when the caller has none; malformed names are dropped.</summary>
    private static IReadOnlyList<string>? ReadTags(IQueryCollection query)
    {
        if (!query.ContainsKey(Tags.Name))
        {
            return null;
        }

        return Tags.Read(query).Split(',', StringSplitOptions.RemoveEmptyEntries).Where(Core.Flows.CallTags.IsValidName).Distinct(StringComparer.Ordinal)
            .Take(Core.Flows.CallTags.MaxTags).ToList();
    }

    /// <summary>The caller's call of a whisper URL (the whisper runs on the worker's leg, whose own CallSid is another).</summary>
    public static string? ReadCaller(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sid = Caller.Read(query);
        return sid.Length == 0 ? null : sid;
    }

    private static string Query(StepToken token) => new StringBuilder()
        .Append(Flow.Name).Append('=').Append(Uri.EscapeDataString(token.FlowHash))
        .Append('&').Append(State.Name).Append('=').Append(Uri.EscapeDataString(token.State))
        .Append('&').Append(StepNumber.Name).Append('=').Append(token.StepNumber.ToString(CultureInfo.InvariantCulture))
        .Append('&').Append(MenuReplays.Name).Append('=').Append(token.MenuReplays.ToString(CultureInfo.InvariantCulture))
        .ToString();

    private static string Query(OfferToken offer, bool withPhone)
    {
        var query = new StringBuilder(Worker.Name).Append('=').Append(offer.WorkerId.ToString(CultureInfo.InvariantCulture));
        if (offer.OfferNumber is { } number)
        {
            query.Append('&').Append(Offer.Name).Append('=').Append(number.ToString(CultureInfo.InvariantCulture));
        }

        if (withPhone && offer.WorkerPhone is not null)
        {
            query.Append('&').Append(Phone.Name).Append('=').Append(Uri.EscapeDataString(offer.WorkerPhone));
        }

        if (offer.MenuChoice is not null)
        {
            query.Append('&').Append(Choice.Name).Append('=').Append(Uri.EscapeDataString(offer.MenuChoice));
        }

        if (offer.JoinedAt is { } at)
        {
            query.Append('&').Append(Joined.Name).Append('=').Append(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (offer.Tags is { } tags)
        {
            query.Append('&').Append(Tags.Name).Append('=').Append(Uri.EscapeDataString(string.Join(',', tags)));
        }

        if (offer.Step is not null)
        {
            query.Append('&').Append(Query(offer.Step));
        }

        return query.ToString();
    }

    private static bool IsPhone(string value) =>
        value.Length is >= 9 and <= 16 && value[0] == '+' && value[1] is >= '1' and <= '9' && value.Skip(1).All(char.IsAsciiDigit);

    /// <summary>A query key and the one-letter key of earlier builds' URLs, read when the readable one is absent.</summary>
    private sealed record Key(string Name, string Legacy)
    {
        public string Read(IQueryCollection query) => (query.TryGetValue(Name, out var value) ? value : query[Legacy]).ToString();
    }
}
