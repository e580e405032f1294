namespace Helpline.Data.Callers;

/// <summary>What raising a flag did.</summary>
public enum FlagOutcome
{
    /// <summary>The flag was stored (an active flag of the same caller was replaced: lifted, then the new one raised).</summary>
    Stored,

    /// <summary>No call has that identifier.</summary>
    UnknownCall,

    /// <summary>The call's caller withheld her number: she cannot be recognised, so she cannot be flagged.</summary>
    Withheld,

    /// <summary>A worker reported a call she did not answer.</summary>
    NotHerCall,
}
