namespace Helpline.Data.Routing;

/// <summary>
/// A call-back request given to a worker (<see cref="Assignment.Callback"/>): what the worker's leg needs to whisper and
/// to show the right number, without the database — never the caller's number (read, encrypted, only when the worker
/// accepts).
/// </summary>
/// <param name="Id">The request ("rappel n° 12").</param>
/// <param name="FlowHash">The flow version whose words are said, or null.</param>
/// <param name="QueueName">Its queue (the flow's queue state with the call-back block).</param>
/// <param name="WindowName">Its window's name.</param>
/// <param name="MessageAllowed">Whether a neutral message may be left.</param>
/// <param name="HelplineNumber">The helpline's number she called, or null.</param>
public sealed record AssignedCallback(int Id, string? FlowHash, string QueueName, string WindowName, bool MessageAllowed, string? HelplineNumber);
