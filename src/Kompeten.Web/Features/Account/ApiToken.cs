namespace Kompeten.Web.Features.Account;

/// <summary>A personal access token for integrations; only its SHA-256 is stored.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>First characters of the token, shown so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public AppUser? User { get; set; }
}
