using Helpline.Server.Security;

namespace Helpline.Server.UnitTests;

/// <summary>The fallback form reader decodes what the provider encoded, NUL included, and never throws on broken escapes.</summary>
public sealed class LenientFormReaderTests
{
    [Theory]
    [InlineData("Digits=1", "Digits", "1")]
    [InlineData("SpeechResult=bonjour+madame", "SpeechResult", "bonjour madame")]
    [InlineData("Digits=a%00b", "Digits", "a\0b")]
    [InlineData("CallerName=%E2%82%AC%F0%9F%98%80", "CallerName", "€😀")]
    [InlineData("To=%2B33320000000", "To", "+33320000000")]
    [InlineData("Broken=%zz%4", "Broken", "%zz%4")]
    [InlineData("Invalid=%C3%28", "Invalid", "\uFFFD(")]
    [InlineData("Flag", "Flag", "")]
    [InlineData("=orphan", "", "orphan")]
    [InlineData("a=1=2", "a", "1=2")]
    public void Each_field_is_decoded_as_sent(string body, string key, string expected)
    {
        var form = LenientFormReader.Parse(body);

        Assert.Equal(expected, form[key].ToString());
    }

    [Fact]
    public void A_repeated_field_keeps_every_value_in_order_and_empty_pairs_are_skipped()
    {
        var form = LenientFormReader.Parse("CallSid=CA1&&Digits=1&CallSid=CA2&");

        Assert.Equal(new string?[] { "CA1", "CA2" }, form["CallSid"].ToArray());
        Assert.Equal(2, form.Count);
    }
}
