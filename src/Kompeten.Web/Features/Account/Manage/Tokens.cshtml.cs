using System.Security.Claims;
using Kompeten.Web.Data;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Account.Manage;

/// <summary>The user's personal access tokens: create (the secret is shown once), list, revoke.</summary>
public class TokensModel(AppDbContext db, TimeProvider clock, ILogger<TokensModel> log) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>Last day the token works (local time); empty: until revoked.</summary>
    [BindProperty]
    public DateOnly? ValidUntil { get; set; }

    /// <summary>The secret of the token just created; rendered once, never stored.</summary>
    public string? NewToken { get; private set; }

    public List<ApiToken> Tokens { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var now = clock.GetUtcNow();
        var expiresAt = ValidUntil is { } day ? EndOfLocalDay(day) : (DateTimeOffset?)null;
        var active = await db.ApiTokens.CountAsync(t => t.UserId == UserId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now));
        foreach (var (field, message) in ApiToken.Problems(Name, expiresAt, active, now))
        {
            ModelState.AddModelError(field == "expiresAt" ? nameof(ValidUntil) : nameof(Name), message);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var (token, secret) = ApiToken.Issue(UserId, Name!, now, expiresAt);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        log.LogInformation("{User} membuat token API {Prefix}", User.Identity?.Name, token.Prefix);
        NewToken = secret;
        Name = null;
        ValidUntil = null;
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == UserId);
        if (token is null) return NotFound();
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync();
        ApiTokenAuthentication.Forget(HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>(), token.TokenHash);
        log.LogInformation("{User} mencabut token API {Prefix}", User.Identity?.Name, token.Prefix);
        TempData["Message"] = $"Token \"{token.Name}\" dicabut. Integrasi yang memakainya tidak dapat masuk lagi.";
        return RedirectToPage();
    }

    /// <summary>"Valid until 31 Dec" means through that day in the agency's time zone.</summary>
    private DateTimeOffset EndOfLocalDay(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, AgencyTime.Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    public string Local(DateTimeOffset? at) => at is { } t
        ? t.ToAgencyTime().ToString("d MMM yyyy HH.mm", KompetenServices.Indonesian)
        : "—";

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == UserId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ToListAsync();
    }
}
