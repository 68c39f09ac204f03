using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>Resolves a requested area against the regions table and the user's scope (pages, API and exports alike).</summary>
public static class DashboardAreas
{
    public static Task<(AreaAccess Access, DashboardArea? Area)> ResolveAsync(AppDbContext db, UserScope scope, string? requested) =>
        DashboardArea.Resolve(scope, requested, async code =>
        {
            var r = await db.Regions.AsNoTracking().Where(x => x.Code == code).Select(x => new { x.Name, x.Level }).FirstOrDefaultAsync();
            return r is null ? null : (r.Name, r.Level);
        });

    /// <summary>A year the dashboard can show (targets, newly certified): the requested one within reason, else this year.</summary>
    public static int ValidYear(int? year, DateOnly today) => year is { } y && y >= 2015 && y <= today.Year + 10 ? y : today.Year;
}
