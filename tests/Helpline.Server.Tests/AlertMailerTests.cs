using Helpline.Server.Alerts;
using Helpline.Server.Callers;
using Helpline.Server.Hosting;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// The alert e-mail on its own (the round trip through a real SMTP stand-in is <c>AlertBannerTests</c>' burst test):
/// what it says, and that an SMTP server that cannot be reached is logged and given up, never thrown at the alerts.
/// </summary>
public sealed class AlertMailerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 2, 0, TimeSpan.FromHours(1));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;

    public AlertMailerTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public void The_mail_of_an_end_says_what_from_when_to_when_its_definition_and_where_to_look()
    {
        var mail = Mailer(port: 25).Compose(new AlertMail(AlertKinds.OldestWait, null, Start, Start.AddMinutes(7)));

        Assert.Equal("[Ligne d'écoute] Fin d'alerte : Attente trop longue", mail.Subject);
        Assert.Equal(["encadrement@departement.test", "astreinte@departement.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ligne-ecoute@departement.test", mail.From.Mailboxes.Single().Address);
        var body = mail.TextBody;
        Assert.Contains("Fin de l'alerte « Attente trop longue » : elle a commencé le 24/11/2026 à 10:02 et pris fin le 24/11/2026 à 10:09 (heure de Paris).", body, StringComparison.Ordinal);
        Assert.Contains("attend depuis plus de 5 min 00 s", body, StringComparison.Ordinal); // the definition, with the threshold in force
        Assert.Contains("https://ecoute.departement.test/supervision", body, StringComparison.Ordinal);
        Assert.Contains("Ce message ne contient aucune information sur les appelants.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mail_of_an_instance_alert_names_the_instance()
    {
        var mail = Mailer(port: 25).Compose(new AlertMail(AlertKinds.DatabaseUnreachable, "ecoute-1:5081", Start, null));

        Assert.Equal("[Ligne d'écoute] Alerte : Base de données injoignable", mail.Subject);
        Assert.Contains("Alerte « Base de données injoignable » depuis le 24/11/2026 à 10:02 (heure de Paris).", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Instance concernée : ecoute-1:5081.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_smtp_server_that_cannot_be_reached_is_logged_and_given_up_not_thrown()
    {
        var port = FreeTcpPort.Find(); // nothing listens there

        var sent = await Mailer(port).SendAsync(new AlertMail(AlertKinds.CallerBurst, null, Start, null), CancellationToken.None);

        Assert.False(sent);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains($"Alert e-mail not sent: caller-burst (start) through 127.0.0.1:{port} failed", StringComparison.Ordinal)
            && l.Contains("the alert is on /supervision all the same", StringComparison.Ordinal));
    }

    private AlertMailer Mailer(int port)
    {
        var alerts = new AlertsOptions
        {
            Smtp = new AlertMailOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Security = "none",
                From = "ligne-ecoute@departement.test",
                To = ["encadrement@departement.test", "astreinte@departement.test"],
                TimeoutSeconds = 5,
            },
        };
        return new AlertMailer(
            Options.Create(alerts), Options.Create(new CallersOptions()), Options.Create(new HelplineOptions { PublicBaseUrl = "https://ecoute.departement.test" }),
            new FakeTimeProvider(Start), _loggers.CreateLogger<AlertMailer>());
    }
}
