using Helpline.Core.Flows.Execution;
using Helpline.Data;

namespace Helpline.Server.Voice;

public sealed partial class VoiceWebhookHandler
{
    /// <summary>
    /// The flow version a waiting caller started on, also when this instance never loaded it (started after a new
    /// version was deployed, during a rolling upgrade): from memory, else from the copy stored in PostgreSQL. Null when
    /// unknown or when the database cannot say (the caller then goes to the overflow, as before).
    /// </summary>
    private async Task<CompiledFlow?> FlowOfCallAsync(string hash, CancellationToken ct)
    {
        if (flows.Find(hash) is { } loaded)
        {
            return loaded;
        }

        try
        {
            return await versions.FindAsync(hash, ct);
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            LogStorageFault(logger, ex, "queue-wait", hash);
            return null;
        }
    }
}
