using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Options;

/// <summary>A worker as configured.</summary>
public sealed class WorkerOptions
{
    /// <summary>Name shown on the dashboard.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>Phone number, E.164.</summary>
    [Required]
    [RegularExpression(@"^\+[1-9][0-9]{7,14}$", ErrorMessage = "Helpline:Routing:Workers: phone numbers must be E.164, e.g. +33612345678")]
    public string Phone { get; set; } = string.Empty;
}
