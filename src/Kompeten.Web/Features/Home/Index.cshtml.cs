using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Home;

/// <summary>The first page after signing in: per regency in the user's scope, people, libraries and certification.</summary>
public class IndexModel(AppDbContext db, UserScope scope, IAuthorizationService authz, TimeProvider clock) : PageModel
{
    public sealed record RegencyRow(string Code, string Name, int People, int Libraries, int Certified)
    {
        public double PercentCertified => People == 0 ? 0 : 100.0 * Certified / People;
    }

    public List<RegencyRow> Rows { get; private set; } = [];
    public bool CanReadRegistry { get; private set; }

    public async Task OnGetAsync()
    {
        CanReadRegistry = (await authz.AuthorizeAsync(User, Policies.RegistryRead)).Succeeded;
        if (!CanReadRegistry) return;
        Rows = await RegencySummary.LoadAsync(db, scope, clock.Today());
    }
}

public static class RegencySummary
{
    public static async Task<List<IndexModel.RegencyRow>> LoadAsync(AppDbContext db, UserScope scope, DateOnly today)
    {
        var regencies = await db.Regions.RegenciesInScope(scope).OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync();
        var people = await db.People.InScope(scope).GroupBy(p => p.RegencyCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var libraries = await db.Libraries.InScope(scope).GroupBy(p => p.RegencyCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var certified = await db.People.InScope(scope)
            .Where(p => p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today))
            .GroupBy(p => p.RegencyCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var rows = regencies.Select(r => new IndexModel.RegencyRow(r.Code, r.Name, people.GetValueOrDefault(r.Code), libraries.GetValueOrDefault(r.Code), certified.GetValueOrDefault(r.Code)));
        // National scope lists only regencies that have data: 514 empty rows help nobody.
        return scope.Level == ScopeLevel.National ? rows.Where(r => r.People + r.Libraries > 0).ToList() : rows.ToList();
    }
}
