using Helpline.Core.Calendar;

namespace Helpline.Core.Flows.Execution;

/// <summary>What a step of the flow may depend on besides the call's position: the instant (from TimeProvider) and any operator override of the hours.</summary>
/// <param name="Now">The current instant.</param>
/// <param name="HoursOverride">The operator's exceptional opening or closing, if any (ignored once expired).</param>
public sealed record FlowContext(DateTimeOffset Now, HoursOverride? HoursOverride = null);
