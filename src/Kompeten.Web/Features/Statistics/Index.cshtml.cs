using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;

namespace Kompeten.Web.Features.Statistics;

/// <summary>
/// Public statistics (/statistik, /statistik/63, /statistik/63.01) to link from an agency's
/// website: counts and percentages per region only — no names, no NIK, no mentor list. Anonymous,
/// rate-limited per address, and cached for a few minutes so that visitors cannot load the database.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(DashboardApi.PublicRatePolicy)]
public class IndexModel(AppDbContext db, DashboardQuery query, IMemoryCache cache, TimeProvider clock) : PageModel
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public DashboardData Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? region, CancellationToken ct)
    {
        // Public figures are national by nature: the whole country is the scope.
        var everyone = new UserScope(ScopeLevel.National, null, null);
        var (access, area) = await DashboardAreas.ResolveAsync(db, everyone, string.IsNullOrWhiteSpace(region) ? DashboardArea.NationalCode : region);
        if (access != AreaAccess.Allowed) return NotFound();
        var today = clock.Today();
        Data = (await cache.GetOrCreateAsync(("statistik", area!.Code, today), e =>
        {
            e.AbsoluteExpirationRelativeToNow = CacheFor;
            return query.LoadAsync(area, today, today.Year, ct);
        }))!;
        Response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}";
        return Page();
    }
}
