using Helpline.Server.Dashboard.Orientations;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callers;

/// <summary>
/// The reasons a caller may be flagged for, read once at start from <c>config/flag-reasons.yaml</c> (the département
/// edits it: <c>motifs: [{code, libelle}]</c>); the copy built into the service when the file is absent. A malformed file
/// stops the service at start with one line saying where and why.
/// </summary>
internal sealed class FlagReasonCatalog
{
    /// <summary>Reads the configured file or the built-in copy.</summary>
    public FlagReasonCatalog(IOptions<CallersOptions> options, ILogger<FlagReasonCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Source, var items) = CodedLabels.Load(options.Value.FlagReasonsPath, "flag-reasons.yaml", "Helpline:Callers:FlagReasonsPath", "motifs", "reason", logger);
        All = items;
    }

    /// <summary>Where the reasons were read from.</summary>
    public string Source { get; }

    /// <summary>The reasons (code, French label), in the file's order.</summary>
    public IReadOnlyList<(string Code, string Label)> All { get; }

    /// <summary>The label of <paramref name="code"/>, or null when it is not a reason.</summary>
    public string? Label(string? code) => All.FirstOrDefault(r => r.Code == code).Label;
}
