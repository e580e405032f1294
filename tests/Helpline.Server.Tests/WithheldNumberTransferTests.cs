using System.Xml.Linq;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// A caller who hides her number is still put through: every transfer of the default flow (17, 115, 119 from the
/// menu; 3919 from the closed line and the overflow; the emergency fallback of a damaged step URL) shows the helpline's
/// number (the call's <c>To</c>) when <c>From</c> is withheld or not a number — carriers may refuse to pass an invalid
/// caller ID on (Twilio error 13214) — and passes the caller's own number on otherwise. Withheld forms tried:
/// <c>anonymous</c> in three cases, <c>RESTRICTED</c>, <c>unavailable</c>, empty, blanks, the keypad spellings
/// <c>+266696687</c> (ANONYMOUS) and <c>+7378742833</c> (RESTRICTED), a client address, a national-format number
/// without country code.
/// </summary>
public sealed class WithheldNumberTransferTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private const string Helpline = "+33320000000"; // TwilioClient's To

    private static readonly string[] Withheld =
        ["anonymous", "Anonymous", "ANONYMOUS", "RESTRICTED", "unavailable", "", "   ", "+266696687", "+7378742833", "client:alice", "0612345678"];

    public static TheoryData<string> WithheldForms() => new(Withheld);

    public static TheoryData<string, string> TransfersFromTheMenu()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in Withheld)
        {
            foreach (var key in new[] { "1", "2", "3" })
            {
                data.Add(from, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TransfersFromTheMenu))]
    public async Task A_withheld_number_is_transferred_from_the_menu_with_the_helpline_s_number(string from, string key)
    {
        var dial = await MenuTransferAsync(from, key);

        Assert.Equal(Helpline, dial.Attribute("callerId")?.Value);
    }

    [Theory]
    [MemberData(nameof(WithheldForms))]
    public async Task A_withheld_number_is_transferred_to_3919_from_the_overflow_with_the_helpline_s_number(string from)
    {
        var twilio = app.Twilio();
        var sid = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", Form(sid, from, "ringing"));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), Form(sid, from, "in-progress", ("Digits", "4")));
        var enqueue = queued.Descendants("Enqueue").Single();

        var overflow = await twilio.TwimlAsync(twilio.Relative(enqueue.Attribute("action")!.Value),
            Form(sid, from, "in-progress", ("QueueResult", "leave"), ("QueueTime", "600")));

        var dial = overflow.Descendants("Dial").Single();
        Assert.Equal("3919", dial.Value.Trim());
        Assert.Equal(Helpline, dial.Attribute("callerId")?.Value);
    }

    [Theory]
    [MemberData(nameof(WithheldForms))]
    public async Task A_withheld_number_gets_the_emergency_fallback_with_the_helpline_s_number(string from)
    {
        var twilio = app.Twilio();
        var sid = TwilioClient.NewCallSid();
        await twilio.TwimlAsync("/voice/incoming", Form(sid, from, "ringing"));

        // A step URL that came back damaged (its flow version unknown): the emergency message and the fallback transfer.
        var emergency = await twilio.TwimlAsync("/voice/gather?flow=000000000000&state=accueil&step=1&replays=0", Form(sid, from, "in-progress", ("Digits", "4")));

        var dial = emergency.Descendants("Dial").Single();
        Assert.Equal("3919", dial.Value.Trim());
        Assert.Equal(Helpline, dial.Attribute("callerId")?.Value);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("+266696687")]
    [InlineData("")]
    public async Task A_withheld_number_is_transferred_to_3919_from_the_closed_line_with_the_helpline_s_number(string from)
    {
        var twilio = app.Twilio();
        var sid = TwilioClient.NewCallSid();
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.AdminTokenInUse);
        var until = app.Time.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using (var closing = await admin.PutAsync("/api/hours/override", new StringContent(
            $"{{\"mode\":\"closed\",\"until\":\"{until}\",\"reason\":\"test\"}}", System.Text.Encoding.UTF8, "application/json")))
        {
            closing.EnsureSuccessStatusCode();
        }

        try
        {
            var closed = await twilio.TwimlAsync("/voice/incoming", Form(sid, from, "ringing"));
            var offer = closed.Descendants("Gather").Single();

            var transfer = await twilio.TwimlAsync(twilio.Relative(offer.Attribute("action")!.Value), Form(sid, from, "in-progress", ("Digits", "1")));

            var dial = transfer.Descendants("Dial").Single();
            Assert.Equal("3919", dial.Value.Trim());
            Assert.Equal(Helpline, dial.Attribute("callerId")?.Value);
        }
        finally
        {
            using var opening = await admin.DeleteAsync("/api/hours/override");
            opening.EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [InlineData("+33612345678", "1")]
    [InlineData("+33612345678", "2")]
    [InlineData("+33612345678", "3")]
    [InlineData("+44 7700 900123", "1")]
    public async Task A_caller_s_own_number_is_passed_on_to_the_transfer(string from, string key)
    {
        var dial = await MenuTransferAsync(from, key);

        Assert.Null(dial.Attribute("callerId")); // the provider's default: the caller's own number, which lets 17 call her back
    }

    private async Task<XElement> MenuTransferAsync(string from, string key)
    {
        var twilio = app.Twilio();
        var sid = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", Form(sid, from, "ringing"));
        var transfer = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), Form(sid, from, "in-progress", ("Digits", key)));
        return transfer.Descendants("Dial").Single();
    }

    private static Dictionary<string, string> Form(string sid, string from, string status, params (string Key, string Value)[] fields)
    {
        var form = TwilioClient.Incoming(sid, from);
        form["CallStatus"] = status;
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }
}
