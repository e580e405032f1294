namespace Helpline.Core.Flows.Execution;

/// <summary>
/// Where a call stands in its flow: the state and how many times the current menu has been replayed. This is the
/// whole per-call state the machine needs; it is stored in the call's row and carried in our webhook URLs.
/// </summary>
/// <param name="State">The current state's name.</param>
/// <param name="MenuReplays">Replays of the current menu so far (0 on first entry).</param>
public readonly record struct CallPosition(string State, int MenuReplays);
