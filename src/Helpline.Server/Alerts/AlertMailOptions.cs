using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Helpline.Server.Alerts;

/// <summary>
/// The alert e-mail (<c>Helpline:Alerts:Smtp:*</c>): an SMTP server the département already runs or rents, whom to
/// write to. Off while <see cref="Host"/> is empty. The password comes from the environment
/// (<c>Helpline__Alerts__Smtp__Password</c>), like every secret.
/// </summary>
internal sealed class AlertMailOptions : IValidatableObject
{
    /// <summary>The SMTP server's host name; empty: no e-mail.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Its port: 587 with <c>starttls</c>, 465 with <c>tls</c>, 25 for a relay on the local network.</summary>
    [Range(1, 65535, ErrorMessage = "{0} must be a port between {1} and {2}")]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>starttls</c> (the connection must switch to TLS, or nothing is sent), <c>tls</c> (TLS from the first byte,
    /// port 465) or <c>none</c> (plain text: only for a relay on the same machine or network).
    /// </summary>
    [RegularExpression("^(starttls|tls|none)$", ErrorMessage = "{0} must be starttls, tls or none")]
    public string Security { get; set; } = "starttls";

    /// <summary>The account to sign in with, if the server asks for one (with <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    /// <summary>Its password. SECRET: from the environment only.</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address (e.g. <c>ligne-ecoute@departement.fr</c>).</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>The supervisors' addresses (a list: <c>To:0</c>, <c>To:1</c>…, or a team's shared address).</summary>
    public List<string> To { get; set; } = [];

    /// <summary>How long one e-mail may take to send before it is given up (and logged).</summary>
    [Range(1, 120, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>True when alerts are sent by e-mail.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!IsAddress(From))
        {
            yield return new ValidationResult("{0} must be the sender's e-mail address, e.g. ligne-ecoute@departement.fr, when Helpline:Alerts:Smtp:Host is set", [nameof(From)]);
        }

        if (To.Count == 0 || To.Any(a => !IsAddress(a)))
        {
            yield return new ValidationResult("{0} must list the supervisors' e-mail addresses (To:0, To:1…), when Helpline:Alerts:Smtp:Host is set", [nameof(To)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("{0} and Password go together: set both to sign in to the SMTP server, or neither (set Helpline__Alerts__Smtp__Password in the environment)", [nameof(Username)]);
        }
    }

    /// <summary>True when <paramref name="text"/> is one plain address (<c>name@domain</c>).</summary>
    private static bool IsAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@', StringComparison.Ordinal) && address.Address == text.Trim();
}
