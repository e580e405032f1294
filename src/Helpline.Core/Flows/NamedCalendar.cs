using Helpline.Core.Calendar;

namespace Helpline.Core.Flows;

/// <summary>
/// A calendar declared under <c>calendars:</c> and named by an hours state (<c>calendar: france-victimes</c>): another
/// organisation's opening hours, e.g. the 116 006's, so the flow can say whether that line answers now. Unlike the
/// flow's own <c>calendar:</c>, an operator's hours override never applies to it: those hours are not ours to change.
/// </summary>
/// <param name="Name">The name hours states refer to.</param>
/// <param name="Calendar">Its hours, holidays and closures.</param>
/// <param name="Position">Where it is declared (its key under <c>calendars:</c>).</param>
public sealed record NamedCalendar(string Name, BusinessCalendar Calendar, SourcePosition Position);
