using Helpline.Core.Callbacks;

namespace Helpline.Core.Tests.Callbacks;

/// <summary>The numbers a caller may type for her call-back, and the ones refused with their reason.</summary>
public sealed class TypedNumberTests
{
    [Theory]
    [InlineData("0612345678", "+33612345678", TypedNumber.Problem.None)]
    [InlineData("0612345678#", "+33612345678", TypedNumber.Problem.None)]
    [InlineData("0140000000", "+33140000000", TypedNumber.Problem.None)]
    [InlineData("0912345678", "+33912345678", TypedNumber.Problem.None)]
    [InlineData("0033612345678", "+33612345678", TypedNumber.Problem.None)]          // 00 33: the French rule
    [InlineData("00442079460958", "+442079460958", TypedNumber.Problem.None)]       // abroad
    [InlineData("0014155550100", "+14155550100", TypedNumber.Problem.None)]
    [InlineData("0800123456", null, TypedNumber.Problem.SpecialNumber)]             // special rates and services
    [InlineData("0899123456", null, TypedNumber.Problem.SpecialNumber)]
    [InlineData("003308991234", null, TypedNumber.Problem.WrongLength)]
    [InlineData("612345678", null, TypedNumber.Problem.WrongLength)]                // the 0 forgotten
    [InlineData("06123456789", null, TypedNumber.Problem.WrongLength)]
    [InlineData("17", null, TypedNumber.Problem.WrongLength)]                       // short numbers
    [InlineData("3919", null, TypedNumber.Problem.WrongLength)]
    [InlineData("0012", null, TypedNumber.Problem.NotInternational)]
    [InlineData("0001234567890", null, TypedNumber.Problem.NotInternational)]       // no country code starts with 0
    [InlineData("06*2345678", null, TypedNumber.Problem.NotDigits)]
    [InlineData("", null, TypedNumber.Problem.NotDigits)]
    [InlineData("#", null, TypedNumber.Problem.NotDigits)]
    public void A_typed_number_is_read_as_french_or_international_or_refused_with_its_reason(string keys, string? expected, TypedNumber.Problem problem)
    {
        Assert.Equal((expected, problem), TypedNumber.Parse(keys));
    }

    [Theory]
    [InlineData("+33612345678", "06, 12, 34, 56, 78")]
    [InlineData("+33140000000", "01, 40, 00, 00, 00")]
    [InlineData("+442079460958", "plus 44, 20, 79, 46, 09, 58")]
    [InlineData("+14155550100", "plus 14, 15, 55, 50, 10, 0")]
    public void A_number_is_read_back_in_groups_of_two_digits(string e164, string spoken)
    {
        Assert.Equal(spoken, SpokenNumber.For(e164));
    }
}
