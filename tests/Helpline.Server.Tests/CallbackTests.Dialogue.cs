using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class CallbackTests
{
    /// <summary>
    /// After the flow's 60 s, the hold audio offers the call-back; she confirms the number read back in pairs, chooses
    /// "as soon as possible", no message, hears the summary and confirms: the request and her consent are recorded, she
    /// keeps her place and class (a call-back entry, waiting at once), her call ends with the flow's words, and the
    /// queue's hang-up that follows is not an abandonment.
    /// </summary>
    [Fact]
    public async Task A_waiting_caller_asks_to_be_called_back_and_her_consent_is_recorded_with_her_place_kept()
    {
        var (sid, enqueue) = await QueueFromAsync(Victim);
        var early = await HoldAsync(sid, Victim, enqueue, 30);
        Assert.Empty(early.Descendants("Gather")); // not before the flow's delay
        var offer = await HoldAsync(sid, Victim, enqueue, 60);
        Assert.Contains("Pour être rappelée au lieu d'attendre", Heard(offer), StringComparison.Ordinal);
        Assert.Contains("Merci de patienter", Heard(offer), StringComparison.Ordinal); // the hold audio goes on inside the offer

        var confirm = await PressAsync(offer, sid, Victim, "1");
        Assert.Contains($"Nous vous rappellerons au {VictimSpoken}", Heard(confirm), StringComparison.Ordinal);
        var when = await PressAsync(confirm, sid, Victim, "1");
        Assert.Contains("Dès que possible, tapez 1", Heard(when), StringComparison.Ordinal);
        Assert.Contains("Cet après-midi, entre 14 heures et 17 heures, tapez 2", Heard(when), StringComparison.Ordinal);
        Assert.Contains("Demain matin, entre 9 heures et midi, tapez 3", Heard(when), StringComparison.Ordinal);
        var message = await PressAsync(when, sid, Victim, "1");
        Assert.Contains("un court message neutre", Heard(message), StringComparison.Ordinal);
        var summary = await PressAsync(message, sid, Victim, "2");
        Assert.Contains($"nous vous rappellerons au {VictimSpoken}, dès que possible", Heard(summary), StringComparison.Ordinal);
        Assert.Contains("Aucun message ne sera laissé", Heard(summary), StringComparison.Ordinal);
        var done = await PressAsync(summary, sid, Victim, "1");

        Assert.Contains("Votre demande de rappel numéro 1 est enregistrée", Heard(done), StringComparison.Ordinal);
        Assert.Single(done.Descendants("Hangup"));
        await using var db = await _app.OpenDatabaseAsync();
        var request = await db.QuerySingleAsync<(string Status, string Number, string Window, bool Message, string CallerId, string Summary, string Menu)>(
            "select status, number_protected, window_name, message_allowed, caller_id, summary, menu_choice from callback_requests where id = 1");
        Assert.Equal(("pending", "des-que-possible", false, "helpline", "4"), (request.Status, request.Window, request.Message, request.CallerId, request.Menu));
        Assert.DoesNotContain("611223344", request.Number, StringComparison.Ordinal); // encrypted
        Assert.Contains("[numéro confirmé]", request.Summary, StringComparison.Ordinal);
        var (kind, status, priority, placeKept) = await db.QuerySingleAsync<(string, string, short, bool)>(
            "select e.kind, e.status, e.priority, e.priority_at = c.priority_at from queue_entries e join queue_entries c on c.call_sid = @sid where e.callback_id = 1", new { sid });
        Assert.Equal(("callback", "waiting", (short)5, true), (kind, status, priority, placeKept));
        Assert.Equal("callback", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));

        await _app.Twilio().TwimlAsync(Relative(enqueue.Attribute("action")!.Value), Form(sid, Victim, ("QueueResult", "hangup"), ("QueueTime", "75")));
        await _app.Twilio().PostAsync("/voice/status", Form(sid, Victim, ("CallStatus", "completed"), ("CallDuration", "140")));
        Assert.Equal("callback-requested", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal("callback", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
    }

    /// <summary>Keys that mean nothing, or none: the question once more, then back to waiting, never silence, nothing recorded.</summary>
    [Theory]
    [InlineData("9", "9")]
    [InlineData("", "")]
    [InlineData("7", "")]
    public async Task A_key_that_means_nothing_repeats_the_question_then_she_keeps_waiting(string first, string second)
    {
        var (sid, _, confirm) = await AskForCallbackAsync(Victim);

        var again = await PressAsync(confirm, sid, Victim, first);
        Assert.StartsWith("Nous n'avons pas compris votre choix.", Heard(again), StringComparison.Ordinal);
        Assert.Contains($"Nous vous rappellerons au {VictimSpoken}", Heard(again), StringComparison.Ordinal);
        var back = await PressAsync(again, sid, Victim, second);

        Assert.Contains("Vous restez en attente, à votre place.", Heard(back), StringComparison.Ordinal);
        Assert.Contains("Merci de patienter", Heard(back), StringComparison.Ordinal);
        Assert.Empty(back.Descendants("Gather"));
        Assert.Empty(back.Descendants("Hangup"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from callback_requests"));
        Assert.Equal("waiting", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
    }

    /// <summary>Another key than the offer's in the hold loop: she keeps waiting (the offer is repeated with the hold audio).</summary>
    [Fact]
    public async Task Another_key_during_the_offer_keeps_her_waiting()
    {
        var (sid, enqueue) = await QueueFromAsync(Victim);
        var offer = await HoldAsync(sid, Victim, enqueue, 61);

        var back = await PressAsync(offer, sid, Victim, "5");

        Assert.Contains("Vous restez en attente", Heard(back), StringComparison.Ordinal);
        Assert.Contains("Merci de patienter", Heard(back), StringComparison.Ordinal);
    }

    /// <summary>She types another number: refused with the reason when it cannot be called, read back in pairs when it can.</summary>
    [Fact]
    public async Task She_types_another_number_refused_with_its_reason_then_accepted_and_read_back()
    {
        var (sid, _, confirm) = await AskForCallbackAsync(Victim);
        var enter = await PressAsync(confirm, sid, Victim, "2");
        Assert.Contains("Tapez le numéro où vous rappeler, puis la touche dièse.", Heard(enter), StringComparison.Ordinal);
        Assert.Equal("#", enter.Descendants("Gather").Single().Attribute("finishOnKey")?.Value);

        var refused = await PressAsync(enter, sid, Victim, "0899123456");
        Assert.StartsWith("Ce numéro ne peut pas être appelé.", Heard(refused), StringComparison.Ordinal);
        var accepted = await PressAsync(refused, sid, Victim, "0033140000000");

        Assert.Contains("Nous vous rappellerons au 01, 40, 00, 00, 00.", Heard(accepted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_numbers_that_cannot_be_called_send_her_back_to_waiting()
    {
        var (sid, _, confirm) = await AskForCallbackAsync(Victim);
        var enter = await PressAsync(confirm, sid, Victim, "2");

        var refused = await PressAsync(enter, sid, Victim, "17");
        var back = await PressAsync(refused, sid, Victim, "123");

        Assert.Contains("Ce numéro ne peut pas être appelé.", Heard(back), StringComparison.Ordinal);
        Assert.Contains("Vous restez en attente", Heard(back), StringComparison.Ordinal);
    }

    /// <summary>A withheld number is never offered to be called: she is asked to type one, and only that one is called back.</summary>
    [Theory]
    [InlineData("anonymous")]
    [InlineData("+266696687")]
    public async Task A_withheld_caller_is_asked_to_type_a_number(string withheld)
    {
        var (sid, _, question) = await AskForCallbackAsync(withheld);

        Assert.Contains("Tapez le numéro où vous rappeler", Heard(question), StringComparison.Ordinal);
        Assert.DoesNotContain("Nous vous rappellerons au", Heard(question), StringComparison.Ordinal);
        var confirm = await PressAsync(question, sid, withheld, "0612345678");
        Assert.Contains("Nous vous rappellerons au 06, 12, 34, 56, 78.", Heard(confirm), StringComparison.Ordinal);
    }

    /// <summary>Our database down when she asks: she stays in the queue and hears so.</summary>
    [Fact]
    public async Task With_the_database_down_she_stays_in_the_queue_and_hears_so()
    {
        var (sid, enqueue) = await QueueFromAsync(Victim);
        var offer = await HoldAsync(sid, Victim, enqueue, 60);
        var restore = await TakeDatabaseDownAsync();
        try
        {
            var answer = await PressAsync(offer, sid, Victim, "1");

            Assert.Contains("Le rappel n'est pas possible pour le moment. Vous restez en attente, à votre place.", Heard(answer), StringComparison.Ordinal);
            Assert.Contains("Merci de patienter", Heard(answer), StringComparison.Ordinal);
            Assert.Empty(answer.Descendants("Hangup"));
        }
        finally
        {
            await restore();
        }
    }

    /// <summary>Her database goes down while she answers the questions: at her confirmation she keeps waiting, told so.</summary>
    [Fact]
    public async Task With_the_database_down_at_her_confirmation_she_stays_in_the_queue_and_hears_so()
    {
        var (sid, _, confirm) = await AskForCallbackAsync(Victim);
        var when = await PressAsync(confirm, sid, Victim, "1");
        var message = await PressAsync(when, sid, Victim, "1");
        var summary = await PressAsync(message, sid, Victim, "2");
        var restore = await TakeDatabaseDownAsync();
        XDocumentAnswer answer;
        try
        {
            answer = new(await PressAsync(summary, sid, Victim, "1"));
        }
        finally
        {
            await restore();
        }

        Assert.Contains("Le rappel n'est pas possible pour le moment", Heard(answer.Twiml), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from callback_requests"));
    }

    private sealed record XDocumentAnswer(System.Xml.Linq.XDocument Twiml);
}
