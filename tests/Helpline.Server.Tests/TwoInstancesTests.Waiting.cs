using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;
using Npgsql;

namespace Helpline.Server.Tests;

// A waiting caller's hold polls reach either instance: what she was last told of her position is shared.
public sealed partial class TwoInstancesTests
{
    private const string PositionWords = "Vous êtes en position";

    /// <summary>
    /// Inputs: one caller's polls alternating between the instances — the same position on the other instance, an
    /// improvement heard on one and then polled on the other — and a new caller's first poll sent to both at once.
    /// The announcement interval is passed by moving the stored announcement time back (these processes run on the
    /// real clock).
    /// </summary>
    [Fact]
    public async Task Instances_sharing_one_database_never_repeat_a_position_the_other_announced()
    {
        await using var db = new NpgsqlConnection(_connectionString);
        // Alice will come (in wrap-up for an hour): callers wait, and nobody is offered meanwhile.
        await db.ExecuteAsync("update workers set status = 'wrap-up', status_since = now(), wrap_up_until = now() + interval '1 hour'");
        var first = _first!.Twilio();
        var second = _second!.Twilio();
        var (a, aEnqueue) = await QueueCallerAsync(first);
        var (b, bEnqueue) = await QueueCallerAsync(first);
        var bWait = first.Relative(bEnqueue.Attribute("waitUrl")!.Value);

        Assert.Contains($"{PositionWords} 2.", await HoldAsync(first, bWait, b), StringComparison.Ordinal);
        await AnHourLaterAsync(db, b);
        Assert.DoesNotContain(PositionWords, await HoldAsync(second, bWait, b), StringComparison.Ordinal);

        await second.TwimlAsync(second.Relative(aEnqueue.Attribute("action")!.Value), TwilioClient.Step(a, ("QueueResult", "hangup"), ("QueueTime", "20")));
        await AnHourLaterAsync(db, b);
        Assert.Contains($"{PositionWords} 1.", await HoldAsync(second, bWait, b), StringComparison.Ordinal);
        await AnHourLaterAsync(db, b);
        Assert.DoesNotContain(PositionWords, await HoldAsync(first, bWait, b), StringComparison.Ordinal);

        var (c, cEnqueue) = await QueueCallerAsync(second);
        var cWait = second.Relative(cEnqueue.Attribute("waitUrl")!.Value);
        var both = await Task.WhenAll(HoldAsync(first, cWait, c), HoldAsync(second, cWait, c));
        Assert.Equal(1, both.Count(h => h.Contains($"{PositionWords} 2.", StringComparison.Ordinal)));
        Assert.All(both, h => Assert.Contains("Merci de patienter", h, StringComparison.Ordinal));
    }

    private static async Task<(string Sid, XElement Enqueue)> QueueCallerAsync(TwilioClient instance)
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await instance.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var queued = await instance.TwimlAsync(instance.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));
        return (sid, queued.Descendants("Enqueue").Single());
    }

    private static async Task<string> HoldAsync(TwilioClient instance, string waitUrl, string sid) =>
        TwilioClient.Heard(await instance.TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "10"))));

    /// <summary>As if the announcement interval had passed since the caller's last announcement.</summary>
    private static Task AnHourLaterAsync(NpgsqlConnection db, string sid) =>
        db.ExecuteAsync("update queue_entries set announced_at = announced_at - interval '1 hour' where call_sid = @sid", new { sid });
}
