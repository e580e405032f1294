namespace Helpline.Core.Flows;

/// <summary>
/// The flow's last resort: what a caller hears, and where they are transferred, whenever something fails that the
/// flow's own branches do not cover (an unknown state after a bad reload, an internal error). Written in the flow so
/// the words stay French and editable by operators.
/// </summary>
/// <param name="Prompt">The emergency message (numbers to call).</param>
/// <param name="Destination">The destination to transfer to (usually 3919).</param>
public sealed record EmergencyDefinition(PromptDefinition Prompt, StateReference Destination);
