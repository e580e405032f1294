namespace Helpline.Data.Accounts;

/// <summary>A sign-in account as stored. The hash is the only form of the password we keep.</summary>
public sealed record AccountRecord(int Id, string Login, string PasswordHash, string Role, int? WorkerId, string? WorkerName, bool Active, DateTimeOffset CreatedAt);
