using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Kompeten.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Account;

/// <summary>
/// "Authorization: Bearer kpt_…" with a personal access token. The principal is built exactly as
/// at sign-in, so an integration has its owner's roles and region and nothing more.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IMemoryCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenPrefix = "kpt_";

    /// <summary>The id of the token a request came with; absent for cookie sessions.</summary>
    public const string TokenIdClaim = "kompeten:token";

    /// <summary>
    /// How long a token's principal is reused without asking the database (token, user, lockout,
    /// roles, claims: five queries per request otherwise). Revoking on this instance takes effect
    /// at once; a lock or role change, or a revocation on another instance, within this time.
    /// </summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private sealed record CachedToken(ClaimsPrincipal Principal, DateTimeOffset? ExpiresAt);

    private static string CacheKey(string tokenHash) => "api-token:" + tokenHash;

    /// <summary>Drops a revoked token from this instance's cache.</summary>
    public static void Forget(IMemoryCache cache, string tokenHash) => cache.Remove(CacheKey(tokenHash));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() => TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var hash = HashToken(token);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(CacheKey(hash), out CachedToken? hit) && hit is not null)
        {
            if (hit.ExpiresAt is null || hit.ExpiresAt > now) return AuthenticateResult.Success(new AuthenticationTicket(hit.Principal.Clone(), SchemeName));
            cache.Remove(CacheKey(hash));
        }
        // Only a cache miss needs the database and Identity; resolving them for every request (the
        // user manager alone is a large object graph) cost more than the rest of the handler.
        var services = Context.RequestServices;
        var db = services.GetRequiredService<AppDbContext>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var principals = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.TokenHash == hash);
        if (row is null || !row.IsActive(now)) return AuthenticateResult.Fail("Token tidak dikenal, sudah dicabut, atau sudah kedaluwarsa.");
        var user = await users.FindByIdAsync(row.UserId);
        if (user is null || await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("Akun pemilik token dikunci atau sudah dihapus; hubungi administrator Dinas.");
        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await db.ApiTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now));
        }
        var principal = await principals.CreateAsync(user);
        var identity = principal.Identities.First();
        identity.AddClaim(new Claim(TokenIdClaim, row.Id.ToString(CultureInfo.InvariantCulture)));
        var authenticated = new ClaimsPrincipal(identity);
        cache.Set(CacheKey(hash), new CachedToken(authenticated.Clone(), row.ExpiresAt), CacheFor);
        return AuthenticateResult.Success(new AuthenticationTicket(authenticated, SchemeName));
    }

    /// <summary>A 401 that says why the token was refused and how to get a working one.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Token API tidak diterima",
                Detail = (result.Failure?.Message ?? "Token tidak dikenal.") + " Buat token baru di halaman Token API (/Account/Manage/Tokens) dan kirim sebagai \"Authorization: Bearer kpt_…\".",
            },
        });
    }
}
