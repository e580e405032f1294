using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Agents;

/// <summary>How queued callers reach the social workers (<c>Helpline:Routing:*</c>).</summary>
internal sealed class RoutingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Routing";

    /// <summary>The workers created on first start (by name; later edits of a worker are made through the API).</summary>
    [ValidateEnumeratedItems]
    public List<WorkerOptions> Workers { get; set; } = [];

    /// <summary>How long a worker's phone rings before the caller goes back to the front of the queue.</summary>
    [Range(5, 120, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int RingSeconds { get; set; } = 20;

    /// <summary>Time after a call before the worker is offered the next one.</summary>
    [Range(0, 3600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int WrapUpSeconds { get; set; } = 60;

    /// <summary>A worker who misses this many calls in a row is paused (as Asterisk's autopause).</summary>
    [Range(1, 20, ErrorMessage = "{0} must be between {1} and {2} missed calls")]
    public int AutoPauseAfter { get; set; } = 2;

    /// <summary>Seconds between the dispatcher's safety-net sweeps (it also wakes on every queue or worker change).</summary>
    [Range(1, 60, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int SweepSeconds { get; set; } = 5;

    /// <summary>An offer still ringing after this long (a lost webhook) is taken back.</summary>
    [Range(30, 600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int OfferTimeoutSeconds { get; set; } = 90;

    /// <summary>Which available worker gets the next caller: <c>longest-idle</c> (default) or <c>fewest-calls</c>.</summary>
    [RegularExpression("^(longest-idle|fewest-calls)$", ErrorMessage = "{0} must be longest-idle or fewest-calls")]
    public string Policy { get; set; } = "longest-idle";

    /// <summary>
    /// When no worker can come (nobody available, ringing, on a call or in wrap-up: everyone paused or offline, or due to
    /// pause after their call), a waiting caller overflows after this grace instead of the flow's full maximum wait, and
    /// hears no wait estimate. Seconds, counted from the later of the caller's arrival and the moment nobody could come.
    /// </summary>
    [Range(0, 600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int NobodyCanComeSeconds { get; set; } = 30;

    /// <summary>
    /// A caller whose latest call ended abruptly (hung up while waiting, during the offer or the whisper, or after a
    /// conversation shorter than <see cref="RecallShortCallSeconds"/>) and who calls again within this many minutes is
    /// recognised by the keyed hash of her number: she goes to the front of the queue, tagged
    /// <c>rappel-apres-coupure</c> (Core's <c>RecallRule</c>). 0 turns recognition off. A withheld number is never recognised.
    /// </summary>
    [Range(0, 1440, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int RecallWindowMinutes { get; set; } = 30;

    /// <summary>A conversation with a worker shorter than this many seconds counts as cut off.</summary>
    [Range(0, 3600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int RecallShortCallSeconds { get; set; } = 60;

    /// <summary>A recognised caller who spoke to a worker waits this long for that worker (if free, or freed meanwhile) before anyone may take her.</summary>
    [Range(0, 300, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int RecallSameWorkerSeconds { get; set; } = 20;

    /// <summary>Core's recall rule with these settings.</summary>
    public Core.Routing.RecallRule Recall => new(TimeSpan.FromMinutes(RecallWindowMinutes), TimeSpan.FromSeconds(RecallShortCallSeconds), TimeSpan.FromSeconds(RecallSameWorkerSeconds));

    /// <summary>
    /// The helpline's number (E.164), shown on the workers' phones and on transfers of callers who withheld their number.
    /// Empty: the number the caller dialled (the call's <c>To</c>, also the helpline's). See <c>Callers/CallerIdPolicy</c>.
    /// </summary>
    [RegularExpression(WorkerOptions.PhonePattern, ErrorMessage = "{0} must be the helpline's number in E.164, e.g. +33300000000, or empty")]
    public string? CallerId { get; set; }

    /// <summary>
    /// Shows the caller's own number on the workers' phones instead of the helpline's. Off by default, and refused in
    /// Production: a worker's call log (a phone that can be lost, shared or backed up) must hold no victim's number.
    /// For a test bench only.
    /// </summary>
    public bool ShowCallerNumberToWorkers { get; set; }
}
