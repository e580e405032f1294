using Helpline.Server.Testing;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>A caller played through the provider's signed webhooks: the menu, then the queue or a transfer.</summary>
public sealed class Caller(TwilioClient twilio, string? number = null)
{
    public string Sid { get; } = TwilioClient.NewCallSid();

    /// <summary>
    /// This caller's own number: each caller a different person (a shared number would make the later ones recalls after
    /// a cut-off, ahead in line). Derived from the call's id, so a test can repeat it; or the number given, for a
    /// person who calls again.
    /// </summary>
    public string From => number ?? "+3375" + (Math.Abs(StringComparer.Ordinal.GetHashCode(Sid)) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Calls, and types <paramref name="key"/> at the welcome menu; returns the TwiML of that step.</summary>
    public async Task<System.Xml.Linq.XDocument> CallAndChooseAsync(string key)
    {
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(Sid, From));
        return await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), Form(("Digits", key)));
    }

    /// <summary>Chooses 1 (danger) and the police answers: the call is transferred to 17.</summary>
    public async Task TransferredToPoliceAsync()
    {
        var transfer = await CallAndChooseAsync("1");
        Assert.Equal("17", transfer.Descendants("Dial").Single().Value.Trim());
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(transfer, "Dial")!), Form(("DialCallStatus", "completed"), ("DialCallDuration", "120")));
    }

    /// <summary>The worker's phone picks up the offered call (the dial, then the whisper): the worker is on the call.</summary>
    public async Task<string> WorkerAnswersAsync(int workerId)
    {
        var dial = await twilio.TwimlAsync($"/voice/agent?w={workerId}", Form());
        var number = dial.Descendants("Number").Single();
        await twilio.TwimlAsync(twilio.Relative(number.Attribute("url")!.Value), Form());
        return twilio.Relative(TwilioClient.Action(dial, "Dial")!);
    }

    /// <summary>The conversation ends after <paramref name="seconds"/>.</summary>
    public Task ConversationEndsAsync(string dialAction, int seconds) =>
        twilio.TwimlAsync(dialAction, Form(("DialCallStatus", "completed"), ("DialCallDuration", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public Dictionary<string, string> Form(params (string Key, string Value)[] fields)
    {
        var form = TwilioClient.Incoming(Sid, From);
        form["CallStatus"] = "in-progress";
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }
}
