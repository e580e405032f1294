namespace Helpline.Core.Voice;

/// <summary>Put the caller in a waiting queue with hold audio; the end of the wait comes back as the next webhook.</summary>
/// <param name="QueueName">The queue's name.</param>
/// <param name="MaxWaitSeconds">After this the caller leaves the queue (overflow).</param>
/// <param name="Hold">What the caller hears while waiting.</param>
public sealed record EnqueueInstruction(string QueueName, int MaxWaitSeconds, VoiceInstruction Hold) : VoiceInstruction;
