namespace Helpline.Core.Callbacks;

/// <summary>What the call-back sub-dialogue does after a key (<see cref="CallbackConversation"/>).</summary>
public enum CallbackTurnKind
{
    /// <summary>Ask <see cref="CallbackReply.State"/>'s question (after <see cref="CallbackReply.Said"/>'s first words).</summary>
    Ask,

    /// <summary>Say <see cref="CallbackReply.Said"/>, then back to the hold audio: she keeps waiting, at her place.</summary>
    BackToQueue,

    /// <summary>She confirmed <see cref="CallbackReply.Choice"/>: record it, say the flow's <c>confirmed</c>, end the call.</summary>
    Confirm,
}
