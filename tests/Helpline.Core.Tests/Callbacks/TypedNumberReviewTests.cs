using Helpline.Core.Callbacks;

namespace Helpline.Core.Tests.Callbacks;

/// <summary>
/// Review of issue 13: French numbers of the overseas departments are ten digits starting with 0 like any French number,
/// but their international form is not +33: 0692 12 34 56 (a mobile in La Réunion) is +262 692 12 34 56. TypedNumber
/// turns every 0X number into +33X, so a caller in La Réunion, Guadeloupe, Martinique, Guyane or Mayotte who types her
/// number (and confirms it read back correctly, "06, 92, …") is dialled at a number that is not hers.
/// </summary>
public sealed class TypedNumberReviewTests
{
    [Theory]
    [InlineData("0692123456", "+262692123456")] // La Réunion, mobile
    [InlineData("0262123456", "+262262123456")] // La Réunion, landline
    [InlineData("0690123456", "+590690123456")] // Guadeloupe, mobile
    [InlineData("0696123456", "+596696123456")] // Martinique, mobile
    [InlineData("0694123456", "+594694123456")] // Guyane, mobile
    [InlineData("0639123456", "+262639123456")] // Mayotte, mobile
    public void An_overseas_french_number_is_dialled_with_its_own_country_code(string keys, string e164)
    {
        Assert.Equal((e164, TypedNumber.Problem.None), TypedNumber.Parse(keys));
    }
}
