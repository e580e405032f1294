namespace Helpline.Core.Callbacks;

/// <summary>What she confirmed: the number (E.164), the window as instants, whether a message may be left, which caller ID shows, and the summary she heard (with the number replaced by a neutral mark, for the record).</summary>
/// <param name="Number">The number to call.</param>
/// <param name="Window">When.</param>
/// <param name="MessageAllowed">Whether a neutral message may be left.</param>
/// <param name="CallerId"><c>helpline</c> or <c>neutral</c>.</param>
/// <param name="Summary">The summary, without the number.</param>
public sealed record CallbackChoice(string Number, ResolvedWindow Window, bool MessageAllowed, string CallerId, string Summary);
