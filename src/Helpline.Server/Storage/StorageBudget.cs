using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Storage;

/// <summary>
/// How long a webhook may wait for PostgreSQL (<see cref="HelplineOptions.StorageBudgetMilliseconds"/>, 800 ms), on the
/// service's clock: past it, storage gives up and the caller is answered from the flow, the write journaled. The one
/// place a budget is made; a webhook takes one for its one write, and one for the reads that decide its answer.
/// </summary>
/// <remarks>
/// Not linked to the request: the provider giving up on the HTTP request does not undo a write that has begun (a
/// cancelled write would only go to the journal). Thread-safe.
/// </remarks>
internal sealed class StorageBudget(IOptions<HelplineOptions> options, TimeProvider time)
{
    /// <summary>A new budget; dispose it when the storage work is done.</summary>
    public CancellationTokenSource Start() => new(TimeSpan.FromMilliseconds(options.Value.StorageBudgetMilliseconds), time);
}
