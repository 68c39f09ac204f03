namespace Kompeten.Web.Features.Account;

/// <summary>A personal access token for integrations; only its SHA-256 is stored.</summary>
public class ApiToken
{
    public const int MaxNameLength = 100;

    /// <summary>Active tokens one account may hold; a forgotten integration should be revoked, not piled up.</summary>
    public const int MaxActivePerUser = 20;

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

    /// <returns>The row to store and the secret, which is shown once and never stored.</returns>
    public static (ApiToken Token, string Secret) Issue(string userId, string name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        var secret = ApiTokenAuthentication.NewToken();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = secret[..12],
            TokenHash = ApiTokenAuthentication.HashToken(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (token, secret);
    }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>
    /// The rules for a new token, shared by the page and the API: field name → Indonesian message.
    /// </summary>
    public static Dictionary<string, string> Problems(string? name, DateTimeOffset? expiresAt, int activeTokens, DateTimeOffset now)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(name)) problems["name"] = "Nama token wajib diisi, misalnya \"Integrasi SIMPEG\", agar Anda tahu kegunaannya.";
        else if (name.Trim().Length > MaxNameLength) problems["name"] = $"Nama token paling banyak {MaxNameLength} karakter; singkatkan.";
        if (expiresAt is { } end && end <= now) problems["expiresAt"] = "Masa berlaku harus di masa depan; pilih tanggal setelah hari ini atau kosongkan.";
        if (activeTokens >= MaxActivePerUser)
            problems["name"] = $"Anda sudah memiliki {MaxActivePerUser} token aktif. Cabut token yang tidak dipakai lagi sebelum membuat token baru.";
        return problems;
    }
}
