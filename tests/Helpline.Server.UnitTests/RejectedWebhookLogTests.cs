using Helpline.Server.Security;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The URL a refused webhook's log line names is made safe to log: capped, and control characters replaced, so a forged
/// request cannot write a line of its own. (What the server logs for a refused webhook: Helpline.Server.Tests'
/// <c>RejectedWebhookLogTests</c>.)
/// </summary>
/// <remarks>Inputs tried: a 1,000-character URL with control characters.</remarks>
public sealed class RejectedWebhookLogTests
{
    [Fact]
    public void A_long_url_is_capped_and_control_characters_are_replaced()
    {
        var logged = RejectedWebhookLog.ForLog("https://helpline.test/voice/gather?st=" + new string('x', 1000) + "\r\nforged-line");

        Assert.Equal(RejectedWebhookLog.MaxUrlLength + 1, logged.Length);
        Assert.EndsWith("…", logged, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', RejectedWebhookLog.ForLog("https://helpline.test/voice/gather?st=a\r\nb"));
    }
}
