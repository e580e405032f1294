using Npgsql;
using NpgsqlTypes;

namespace Helpline.Data;

/// <summary>
/// How our <see cref="DateTimeOffset"/> instants meet PostgreSQL's <c>timestamptz</c>: the rule every store follows,
/// and helpers for the statements that bind and read parameters by hand. (Dapper statements bind
/// <see cref="DateTimeOffset.UtcDateTime"/> themselves, which is the same rule.)
/// </summary>
/// <remarks>
/// Npgsql 10 reads <c>timestamptz</c> as a <see cref="DateTime"/> of kind UTC (Dapper then cannot bind it to a
/// <see cref="DateTimeOffset"/>), and writes a <see cref="DateTimeOffset"/> only when its offset is zero. So instants go
/// out as UTC <see cref="DateTime"/> values typed <c>timestamptz</c> and come back as zero-offset
/// <see cref="DateTimeOffset"/> values: the same instant, whatever the caller's offset or the session's time zone.
/// PostgreSQL keeps microseconds; finer ticks are lost.
/// </remarks>
internal static class Timestamps
{
    /// <summary>The value to bind, through Dapper or Npgsql, for a <c>timestamptz</c> column.</summary>
    internal static DateTime ToDatabase(DateTimeOffset at) => at.UtcDateTime;

    /// <summary>A typed positional parameter for the hand-written statements of the hot path.</summary>
    internal static NpgsqlParameter Parameter(DateTimeOffset at) => new() { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    /// <summary>An instant read from a <c>timestamptz</c> column (Npgsql hands it over as UTC).</summary>
    internal static DateTimeOffset FromDatabase(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>A nullable instant read from a <c>timestamptz</c> column.</summary>
    internal static DateTimeOffset? FromDatabase(DateTime? value) => value is { } v ? FromDatabase(v) : null;
}
