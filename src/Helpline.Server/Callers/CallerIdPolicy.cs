using Helpline.Server.Agents;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callers;

/// <summary>
/// Which number the calls we place show (the <c>callerId</c> of a <c>&lt;Dial&gt;</c>), decided here for every dial:
/// a worker's phone shows the helpline's number, so no victim's number lands in the call log of a phone that can be
/// lost, shared or backed up; a transfer to 17 / 115 / 119 / 3919 passes the caller's own number on (the service can
/// call her back) unless she withheld it or it is not a number, and then shows the helpline's number (a carrier may
/// refuse an invalid caller ID: Twilio error 13214).
/// </summary>
/// <remarks>
/// The helpline's number is <see cref="RoutingOptions.CallerId"/> when set, else the number the caller dialled (the
/// call's <c>To</c>). Showing the caller's number to workers takes
/// <see cref="RoutingOptions.ShowCallerNumberToWorkers"/>, which Production refuses to start with.
/// </remarks>
internal sealed class CallerIdPolicy(IOptions<RoutingOptions> options)
{
    /// <summary>The helpline's own number for a call that dialled <paramref name="to"/>.</summary>
    public string? Helpline(string? to) => string.IsNullOrWhiteSpace(options.Value.CallerId) ? to : options.Value.CallerId;

    /// <summary>The caller ID of the dial to a worker's phone: the helpline's number (never absent: the provider's default would be the caller's own number).</summary>
    public string? ForWorker(string? from, string? to) =>
        options.Value.ShowCallerNumberToWorkers && CallerNumber.Presentable(from) is { } own ? own : Helpline(to);

    /// <summary>
    /// The caller ID of a transfer (17, 115, 119, 3919, the emergency fallback): null — the provider passes the
    /// caller's own number on — when it is a number, else the helpline's number.
    /// </summary>
    public string? ForTransfer(string? from, string? to) =>
        CallerNumber.Classify(from) == CallerNumberKind.Presentable ? null : Helpline(to);
}
