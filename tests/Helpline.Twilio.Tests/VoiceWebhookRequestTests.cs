using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Primitives;

namespace Helpline.Twilio.Tests;

/// <summary>Reading webhook forms: every field we use, and garbage that must never throw.</summary>
public sealed class VoiceWebhookRequestTests
{
    [Fact]
    public void Full_inbound_payload_is_read()
    {
        var request = VoiceWebhookRequest.FromForm(Form(
            ("CallSid", "CA0123456789abcdef0123456789abcdef"), ("AccountSid", "AC1"), ("From", "+33612345678"), ("To", "+33320000000"),
            ("CallStatus", "ringing"), ("Direction", "inbound"), ("ApiVersion", "2010-04-01"), ("CallerName", "X")));

        Assert.True(request.HasValidCallSid);
        Assert.Equal(("ringing", "inbound", "2010-04-01", "+33612345678"), (request.CallStatus, request.Direction, request.ApiVersion, request.From));
    }

    [Fact]
    public void Action_fields_are_typed()
    {
        var request = VoiceWebhookRequest.FromForm(Form(("Digits", "12"), ("DialCallStatus", "no-answer"), ("DialCallDuration", "0"), ("QueueResult", "leave"),
            ("QueueTime", "61"), ("CallDuration", "42"), ("SequenceNumber", "3"), ("DialBridged", "true")));

        Assert.Equal(("12", "no-answer", 0, "leave", 61, 42, 3, true),
            (request.Digits, request.DialCallStatus, request.DialCallDuration, request.QueueResult, request.QueueTime, request.CallDuration, request.SequenceNumber, request.DialBridged));
    }

    [Theory]
    [InlineData("QueueTime", "sixty")]
    [InlineData("QueueTime", "99999999999999999999")]
    [InlineData("CallDuration", "")]
    [InlineData("DialBridged", "maybe")]
    public void Unreadable_numbers_are_null_not_errors(string field, string value)
    {
        var request = VoiceWebhookRequest.FromForm(Form((field, value)));

        Assert.Null(request.QueueTime);
        Assert.Null(request.CallDuration);
        Assert.Null(request.DialBridged);
    }

    [Theory]
    [InlineData("CA0123456789abcdef0123456789abcdef", true)]
    [InlineData("CA0123456789ABCDEF0123456789ABCDEF", true)]
    [InlineData("CA0123", false)]
    [InlineData("XX0123456789abcdef0123456789abcdef", false)]
    [InlineData("CA0123456789abcdef0123456789abcdeg", false)]
    public void Call_sid_shape_is_checked(string sid, bool valid) =>
        Assert.Equal(valid, VoiceWebhookRequest.FromForm(Form(("CallSid", sid))).HasValidCallSid);

    [Fact]
    public void Overlong_values_are_ignored_and_first_repeated_value_wins()
    {
        var form = new Dictionary<string, StringValues> { ["Digits"] = new(["1", "2"]), ["CallStatus"] = new string('x', 5000) };

        var request = VoiceWebhookRequest.FromForm(form);

        Assert.Equal("1", request.Digits);
        Assert.Null(request.CallStatus);
    }

    [Fact]
    public void ToString_never_prints_caller_numbers()
    {
        var text = VoiceWebhookRequest.FromForm(Form(("From", "+33611223344"), ("To", "+33320000000"), ("CallerName", "Jeanne"), ("ForwardedFrom", "+33700000000"))).ToString();

        Assert.DoesNotContain("611223344", text, StringComparison.Ordinal);
        Assert.DoesNotContain("320000000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jeanne", text, StringComparison.Ordinal);
        Assert.DoesNotContain("700000000", text, StringComparison.Ordinal);
    }

    private static Dictionary<string, StringValues> Form(params (string Key, string Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => new StringValues(f.Value));
}
