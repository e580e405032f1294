using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Callbacks;

/// <summary>How call-backs are made (<c>Helpline:Callbacks:*</c>, issue 13). The words and windows are the flow's.</summary>
internal sealed class CallbackOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Callbacks";

    /// <summary>How many times her number may be dialled before the request ends as not reached.</summary>
    [Range(1, 5, ErrorMessage = "{0} must be between {1} and {2} attempts")]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Minutes between two attempts (the next one keeps her place, within her window).</summary>
    [Range(1, 240, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int RetryMinutes { get; set; } = 15;

    /// <summary>How long her phone rings before the attempt counts as not answered.</summary>
    [Range(10, 60, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int RingSeconds { get; set; } = 30;

    /// <summary>How long the worker has to press the key that accepts the call-back after the whisper.</summary>
    [Range(3, 30, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int AcceptSeconds { get; set; } = 8;

    /// <summary>
    /// A second number of the account, not published as the helpline's, that a caller may choose to see instead of the
    /// helpline's (the flow asks only when this is set and it has a <c>caller-id-question</c>). E.164 or empty.
    /// </summary>
    [RegularExpression(Agents.WorkerOptions.PhonePattern, ErrorMessage = "{0} must be a number in E.164, e.g. +33300000001, or empty")]
    public string? NeutralCallerId { get; set; }
}
