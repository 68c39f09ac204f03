using System.Globalization;
using System.Security.Claims;
using Kompeten.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Account;

/// <summary>
/// The caller's own account and personal access tokens. Every route works with the sign-in
/// cookie or a bearer token, except creating a token: a token may not mint tokens, so that a
/// leaked one cannot outlive its revocation by creating successors.
/// </summary>
public static class AccountApi
{
    public sealed record MeDto(string Id, string Email, string FullName, string[] Roles, string? RegionCode, string? RegionName, string AuthenticatedWith);

    public sealed record TokenDto(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, bool Active);

    /// <summary>Returned once, at creation: <see cref="Token"/> is the secret.</summary>
    public sealed record NewTokenDto(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Token);

    /// <param name="ExpiresAt">When the token stops working; omit for a token that lasts until revoked.</param>
    public sealed record TokenInput(string? Name, DateTimeOffset? ExpiresAt);

    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Akun").RequireAuthorization();
        api.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("Akun pemanggil: e-mail, peran, wilayah");

        var tokens = api.MapGroup("/tokens");
        tokens.MapGet("/", ListTokensAsync).WithName("ListTokens").WithSummary("Token API milik pemanggil");
        tokens.MapGet("/{id:int}", GetTokenAsync).WithName("GetToken").WithSummary("Satu token API milik pemanggil");
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateToken").WithSummary("Membuat token API; rahasianya hanya dikembalikan sekali");
        tokens.MapDelete("/{id:int}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Mencabut token API");
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal principal, UserManager<AppUser> users, AppDbContext db)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return AccountGone();
        var regionName = user.RegionCode is null ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Name).FirstOrDefaultAsync();
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order().ToArray();
        var via = principal.HasClaim(c => c.Type == ApiTokenAuthentication.TokenIdClaim) ? "token" : "cookie";
        return TypedResults.Ok(new MeDto(user.Id, user.Email ?? "", user.FullName, roles, user.RegionCode, regionName, via));
    }

    private static async Task<Ok<List<TokenDto>>> ListTokensAsync(ClaimsPrincipal principal, AppDbContext db, TimeProvider clock)
    {
        var userId = UserId(principal);
        var now = clock.GetUtcNow();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ToListAsync();
        return TypedResults.Ok(rows.Select(t => ToDto(t, now)).ToList());
    }

    private static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> GetTokenAsync(int id, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock)
    {
        var userId = UserId(principal);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        return token is null ? TokenNotFound(id) : TypedResults.Ok(ToDto(token, clock.GetUtcNow()));
    }

    private static async Task<Results<Created<NewTokenDto>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(
        TokenInput input, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, ILoggerFactory logs)
    {
        if (principal.HasClaim(c => c.Type == ApiTokenAuthentication.TokenIdClaim))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Token API tidak dapat membuat token baru",
                detail: "Buat token dari halaman Token API (/Account/Manage/Tokens) setelah masuk dengan e-mail dan kata sandi.");
        }
        var userId = UserId(principal);
        var now = clock.GetUtcNow();
        var active = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now));
        var problems = ApiToken.Problems(input.Name, input.ExpiresAt, active, now);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(
                problems.ToDictionary(p => p.Key, p => new[] { p.Value }),
                title: "Isian token tidak valid",
                detail: "Perbaiki isian yang disebutkan lalu kirim lagi.");
        }
        var (token, secret) = ApiToken.Issue(userId, input.Name!, now, input.ExpiresAt?.ToUniversalTime());
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        logs.CreateLogger(typeof(AccountApi)).LogInformation("{User} membuat token API {Prefix} lewat API", principal.Identity?.Name, token.Prefix);
        return TypedResults.Created($"/api/v1/tokens/{token.Id.ToString(CultureInfo.InvariantCulture)}",
            new NewTokenDto(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        int id, ClaimsPrincipal principal, AppDbContext db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache, TimeProvider clock)
    {
        var userId = UserId(principal);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (token is null) return TokenNotFound(id);
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync();
        ApiTokenAuthentication.Forget(cache, token.TokenHash);
        return TypedResults.NoContent();
    }

    private static TokenDto ToDto(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsActive(now));

    private static string UserId(ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static ProblemHttpResult TokenNotFound(int id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Token tidak ditemukan",
        detail: $"Tidak ada token dengan id {id} milik akun Anda. Lihat daftar token Anda di GET /api/v1/tokens.");

    private static ProblemHttpResult AccountGone() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Akun tidak ditemukan",
        detail: "Akun sesi ini sudah dihapus. Masuk lagi dengan akun yang aktif.");
}
