using System.Text;

namespace Helpline.Server.Security;

/// <summary>
/// The log lines of the webhooks <see cref="TwilioSignatureFilter"/> refuses, written so that an operator behind a
/// misconfigured proxy sees at once why every webhook gets 403: one Warning naming the URL that was checked (the public
/// URL as reconstructed: <c>Helpline:PublicBaseUrl</c> or the request's scheme and host, then its path and query) and
/// the reason (no signature, or a signature that does not match).
/// </summary>
/// <remarks>
/// <para>Never logged: the form (it carries the caller's number), the signature, the auth token. The query is logged
/// for our own keys only (<c>f st s a w c bodySHA256</c>: flow version, state, step, attempt, worker, call SID — no caller
/// data); any other pair is logged as "…", since a forged request can put anything there, a number too. The URL is
/// capped at <see cref="MaxUrlLength"/> characters and control characters are replaced.</para>
/// <para>Bounded: at most <see cref="LinesPerMinute"/> lines a minute per instance (on the service's clock), so a flood
/// of forged requests cannot fill the disk; the refusals left out are counted, and the count is logged with the next
/// line. The first refusals, the ones that explain, are always logged. One per service (a singleton: the filter
/// itself is created per request). Thread-safe.</para>
/// </remarks>
internal sealed partial class RejectedWebhookLog(ILogger<TwilioSignatureFilter> logger, TimeProvider time)
{
    /// <summary>Lines logged per minute at most.</summary>
    public const int LinesPerMinute = 5;

    /// <summary>Longest URL logged.</summary>
    public const int MaxUrlLength = 300;

    private static readonly HashSet<string> OwnQueryKeys = new(StringComparer.Ordinal) { "f", "st", "s", "a", "w", "c", "bodySHA256" };

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _leftOut;

    /// <summary>A refused signature: missing when <paramref name="signaturePresent"/> is false, else not matching <paramref name="checkedUrl"/> and the body.</summary>
    public void Rejected(string checkedUrl, bool signaturePresent)
    {
        if (Admit() is not { } leftOut)
        {
            return;
        }

        LogLeftOut(leftOut);
        var url = ForLog(checkedUrl);
        if (signaturePresent)
        {
            LogMismatch(logger, url);
        }
        else
        {
            LogMissing(logger, url);
        }
    }

    /// <summary>A body that is not a readable form (400).</summary>
    public void Unreadable(PathString path)
    {
        if (Admit() is { } leftOut)
        {
            LogLeftOut(leftOut);
            LogUnreadable(logger, path);
        }
    }

    /// <summary>The URL as logged: our query keys kept, others' values dropped, control characters replaced, length capped.</summary>
    internal static string ForLog(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var text = new StringBuilder(question < 0 ? url : url[..question]);
        if (question >= 0)
        {
            text.Append('?');
            var first = true;
            foreach (var pair in url[(question + 1)..].Split('&'))
            {
                text.Append(first ? string.Empty : "&");
                first = false;
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? pair : pair[..equals];
                text.Append(OwnQueryKeys.Contains(key) ? pair : "…");
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                text[i] = '?';
            }
        }

        return text.Length <= MaxUrlLength ? text.ToString() : text.ToString(0, MaxUrlLength) + "…";
    }

    /// <summary>Null when this line is over the minute's budget; else how many were left out since the last line logged.</summary>
    private int? Admit()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _windowStart >= TimeSpan.FromMinutes(1) || now < _windowStart)
            {
                _windowStart = now;
                _logged = 0;
            }

            if (_logged >= LinesPerMinute)
            {
                _leftOut++;
                return null;
            }

            _logged++;
            var leftOut = _leftOut;
            _leftOut = 0;
            return leftOut;
        }
    }

    private void LogLeftOut(int leftOut)
    {
        if (leftOut > 0)
        {
            LogSkipped(logger, leftOut, LinesPerMinute);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Rejected a webhook (403): no X-Twilio-Signature header. URL checked: {CheckedUrl}")]
    private static partial void LogMissing(ILogger logger, string checkedUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Rejected a webhook (403): X-Twilio-Signature does not match the URL checked and the form. URL checked: {CheckedUrl} — if every webhook is rejected, this is not the URL the provider calls (set Helpline:PublicBaseUrl to the public base URL, e.g. behind a reverse proxy) or Helpline:Twilio:AuthToken is not the account's")]
    private static partial void LogMismatch(ILogger logger, string checkedUrl);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused a webhook to {Path} (400): the body is not a readable form")]
    private static partial void LogUnreadable(ILogger logger, PathString path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "{LeftOut} more rejected webhooks were not logged (at most {PerMinute} lines a minute)")]
    private static partial void LogSkipped(ILogger logger, int leftOut, int perMinute);
}
