namespace Helpline.Data.Callbacks;

/// <summary>
/// The call-back figures of a period (issue 13), with their definitions written on the supervisor page and in the
/// README: <see cref="Requested"/> requests recorded in the period (consent time); of the requests that ended in the
/// period, <see cref="Reached"/>, <see cref="NotReached"/>, <see cref="Expired"/>, <see cref="Cancelled"/>;
/// <see cref="Made"/> requests recorded in the period whose number was dialled at least once.
/// </summary>
public sealed record CallbackCounters(int Requested, int Made, int Reached, int NotReached, int Expired, int Cancelled);
