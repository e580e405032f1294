namespace Helpline.Twilio.Rest;

/// <summary>What a REST call to the provider achieved.</summary>
public enum RestOutcome
{
    /// <summary>Done.</summary>
    Succeeded,

    /// <summary>The call is no longer in progress (error 21220 or 20404): the caller is gone.</summary>
    CallGone,

    /// <summary>Failed for good (after retries): the caller must stay where they are.</summary>
    Failed,
}
