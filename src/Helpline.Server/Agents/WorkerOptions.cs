using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Agents;

/// <summary>A worker as configured (<c>Helpline:Routing:Workers:N</c>).</summary>
internal sealed class WorkerOptions
{
    /// <summary>An E.164 number: '+', a country code, then 7 to 14 digits.</summary>
    public const string PhonePattern = @"^\+[1-9][0-9]{7,14}$";

    /// <summary>Name shown on the dashboard.</summary>
    [Required(ErrorMessage = "{0} is required: the worker's name shown on the dashboard")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Phone number, E.164.</summary>
    [Required(ErrorMessage = "{0} is required: the worker's phone number in E.164, e.g. +33612345678")]
    [RegularExpression(PhonePattern, ErrorMessage = "{0} must be a phone number in E.164, e.g. +33612345678")]
    public string Phone { get; set; } = string.Empty;
}
