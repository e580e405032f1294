namespace Helpline.Data.Routing;

/// <summary>What a worker's own choice of status did (<see cref="RoutingStore.SetWorkerStatusAsync"/>).</summary>
public enum WorkerStatusChange
{
    /// <summary>The status changed now.</summary>
    Applied,

    /// <summary>A call is ringing or in progress: the choice is kept and takes effect when the call (and its wrap-up) is over.</summary>
    Pending,
}
