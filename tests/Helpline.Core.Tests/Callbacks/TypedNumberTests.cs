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
    [InlineData("+262692123456", "06, 92, 12, 34, 56")]      // overseas French numbers: the national form she typed
    [InlineData("+590590123456", "05, 90, 12, 34, 56")]
    [InlineData("+508412345", "05, 08, 41, 23, 45")]
    [InlineData("+262123456789", "plus 26, 21, 23, 45, 67, 89")] // not an overseas French prefix: read as it is
    public void A_number_is_read_back_in_groups_of_two_digits(string e164, string spoken)
    {
        Assert.Equal(spoken, SpokenNumber.For(e164));
    }

    [Theory]
    [InlineData("0693123456", "+262693123456")] // La Réunion, mobile
    [InlineData("0269123456", "+262269123456")] // Mayotte, landline
    [InlineData("0691123456", "+590691123456")] // Guadeloupe, mobile
    [InlineData("0590123456", "+590590123456")] // Guadeloupe, landline
    [InlineData("0697123456", "+596697123456")] // Martinique, mobile
    [InlineData("0596123456", "+596596123456")] // Martinique, landline
    [InlineData("0594123456", "+594594123456")] // Guyane, landline
    [InlineData("0508412345", "+508412345")]    // Saint-Pierre-et-Miquelon: six digits after +508
    [InlineData("0033692123456", "+262692123456")] // typed with 00 33 as some people do: still La Réunion
    [InlineData("0561123456", "+33561123456")]  // an 05 of metropolitan France stays +33
    public void The_other_overseas_prefixes_have_their_own_country_code(string keys, string e164)
    {
        Assert.Equal((e164, TypedNumber.Problem.None), TypedNumber.Parse(keys));
    }

    [Theory]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("+262692123456", "+262692123456")]
    [InlineData("+442079460958", "+442079460958")]
    [InlineData("+33899123456", null)] // 08 99: special rate
    [InlineData("+3361122334", null)]  // eight digits after 33
    [InlineData(null, null)]
    public void The_number_she_calls_from_is_callable_only_if_it_would_be_accepted_typed(string? from, string? callable)
    {
        Assert.Equal(callable, TypedNumber.Callable(from));
    }
}
