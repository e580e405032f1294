namespace Helpline.Core.Tests.Flows;

/// <summary>
/// A small valid flow with a named calendar shaped like the 116 006's (every day 09:00–19:00, Europe/Paris, open on
/// public holidays): the line's own hours are checked first, then the named calendar's, whichever the first said, so one
/// call records both decisions. Tests mutate it one line at a time.
/// </summary>
internal static class CalendarFlow
{
    public const string Yaml = """
        flow: essai
        start: horaires
        destinations:
          vfi: "3919"
        calendars:
          victimes:
            timezone: Europe/Paris
            hours:
              monday: "09:00-19:00"
              tuesday: "09:00-19:00"
              wednesday: "09:00-19:00"
              thursday: "09:00-19:00"
              friday: "09:00-19:00"
              saturday: "09:00-19:00"
              sunday: "09:00-19:00"
            public-holidays: none
        emergency:
          prompt: Composez le 17.
          transfer-to: vfi
        states:
          horaires:
            type: hours
            open: victimes
            closed: victimes
          victimes:
            type: hours
            calendar: victimes
            open: ouvert
            closed: ferme
          ouvert:
            type: message
            prompt: Le 116 006 répond.
            next: fin
          ferme:
            type: message
            prompt: Le 116 006 est fermé en ce moment.
            next: fin
          fin:
            type: hangup
        """;

    public static string Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Yaml, StringComparison.Ordinal);
        return Yaml.Replace(oldText, newText, StringComparison.Ordinal);
    }

    /// <summary>Where <paramref name="text"/> starts in <paramref name="yaml"/> (1-based line and column), found in the text itself.</summary>
    public static Core.Flows.SourcePosition At(string yaml, string text)
    {
        var index = yaml.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' is not in the flow");
        var before = yaml[..index];
        var line = before.Count(c => c == '\n') + 1;
        return new Core.Flows.SourcePosition(line, index - (before.LastIndexOf('\n') + 1) + 1);
    }
}
