namespace Helpline.Server.Dashboard.Live;

// The shapes of the live snapshots (serialised as JSON in the server-sent events, and used for the first render).
// Labels are already in French: the page's script only places text, it never decides wording.

/// <summary>A worker's page.</summary>
public sealed record WorkerSnapshot(int Waiting, string? LongestWait, IReadOnlyList<WorkerLine> Colleagues, MySnapshot? Me);

/// <summary>The worker's own state.</summary>
public sealed record MySnapshot(string Status, string Label, CallLine? Call, int? WrapUpSeconds, CallLine? Pending);

/// <summary>A call as a worker sees it (the id only for the after-call form); <paramref name="Tags"/> the labels of its tags, joined (empty when none).</summary>
public sealed record CallLine(string? CallSid, string Menu, string Waited, string Tags = "");

/// <summary>A worker as the pages list them.</summary>
public sealed record WorkerLine(int Id, string Name, string Status, string Label, string? Since, int Answered);

/// <summary>A caller in the queue (position, wait, menu choice; never a number).</summary>
public sealed record QueueLine(int Position, string Label, string Waited, string Menu);

/// <summary>The supervisors' page.</summary>
public sealed record SupervisorSnapshot(int Waiting, string? LongestWait, IReadOnlyList<WorkerLine> Workers, IReadOnlyList<QueueLine> Queue, IReadOnlyDictionary<string, string> Counters);
