using System.Threading.Channels;
using Helpline.Server.Callers;
using Helpline.Server.Dashboard.Pages;
using Helpline.Server.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Helpline.Server.Alerts;

/// <summary>
/// Sends one e-mail per alert start and end when <c>Helpline:Alerts:Smtp:Host</c> is set (MailKit): its title, since
/// when, its definition and where to look — never a caller's number, hash or note, nor anything measured. Sent in the
/// background from a small queue, so a slow or absent SMTP server never delays the alerts themselves: a failure is
/// logged (the banner is on the page all the same) and the next e-mail is tried as usual.
/// </summary>
/// <remarks>
/// Thread-safe: any thread may <see cref="Enqueue"/>; one reader sends, one connection per e-mail (alerts are rare).
/// No retry: an alert's e-mail that could not be sent is not sent later, when it may no longer be true.
/// </remarks>
internal sealed partial class AlertMailer(
    IOptions<AlertsOptions> options, IOptions<CallersOptions> callers, IOptions<HelplineOptions> helpline, TimeProvider time, ILogger<AlertMailer> logger)
    : BackgroundService
{
    /// <summary>E-mails waiting to be sent at most; beyond, new ones are dropped and logged (an SMTP server that hangs while alerts flap).</summary>
    public const int QueueCapacity = 100;

    private readonly Channel<AlertMail> _queue = Channel.CreateBounded<AlertMail>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then says false instead of dropping silently
    });

    /// <summary>Queues the e-mail of an alert's start or end; nothing when e-mail is off.</summary>
    public void Enqueue(AlertMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (options.Value.Smtp.Enabled && !_queue.Writer.TryWrite(mail))
        {
            LogQueueFull(logger, mail.Kind, Event(mail));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(mail, stoppingToken);
        }
    }

    /// <summary>Sends one e-mail now; false (logged) when it could not be sent.</summary>
    public async Task<bool> SendAsync(AlertMail mail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var smtp = options.Value.Smtp;
        // Real time: it is about the network, not about the helpline's clock.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        try
        {
            using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
            await client.ConnectAsync(smtp.Host.Trim(), smtp.Port, Security(smtp.Security), timeout.Token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, timeout.Token);
            }

            await client.SendAsync(Compose(mail), timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            LogSent(logger, mail.Kind, Event(mail), smtp.To.Count);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Whatever MailKit, the network or the server threw (refused, timed out, TLS, authentication, a 5xx reply).
            LogFailed(logger, ex, mail.Kind, Event(mail), smtp.Host, smtp.Port, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    /// <summary>The e-mail of <paramref name="mail"/>, in French.</summary>
    public MimeMessage Compose(AlertMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var smtp = options.Value.Smtp;
        var message = new MimeMessage { Subject = FrenchText.AlertMailSubject(mail.Kind, started: mail.EndedAt is null), Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(smtp.From.Trim()));
        foreach (var to in smtp.To)
        {
            message.To.Add(MailboxAddress.Parse(to.Trim()));
        }

        var url = helpline.Value.PublicBaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') + "/supervision" : null;
        var definition = FrenchText.AlertDefinition(mail.Kind, options.Value, callers.Value.MaxCallsPerHour);
        message.Body = new TextPart("plain") { Text = FrenchText.AlertMailBody(mail.Kind, mail.Instance, mail.StartedAt, mail.EndedAt, definition, url) };
        return message;
    }

    private static SecureSocketOptions Security(string security) => security switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Event(AlertMail mail) => mail.EndedAt is null ? "start" : "end";

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert e-mail sent: {Kind} ({Event}) to {Recipients} address(es)")]
    private static partial void LogSent(ILogger logger, string kind, string @event, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert e-mail not sent: {Kind} ({Event}) through {Host}:{Port} failed with {Error}: {Reason}; the alert is on /supervision all the same")]
    private static partial void LogFailed(ILogger logger, Exception ex, string kind, string @event, string host, int port, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert e-mail not sent: {Kind} ({Event}); 100 e-mails already wait for the SMTP server")]
    private static partial void LogQueueFull(ILogger logger, string kind, string @event);
}
