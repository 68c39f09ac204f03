using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// The coverage dashboard of the user's scope (national → provinces, province → regencies,
/// operator → their regency), or of a region inside it (?region=63.01 opens a regency's detail).
/// </summary>
[Authorize(Policy = Policies.DashboardRead)]
public class IndexModel(AppDbContext db, DashboardQuery query, UserScope scope, IAuthorizationService authz, TimeProvider clock) : PageModel
{
    public DashboardData Data { get; private set; } = null!;
    public bool CanEditTargets { get; private set; }
    public bool CanSeeBudget { get; private set; }

    /// <summary>Breadcrumb: the areas above this one the user may open.</summary>
    public List<(string Code, string Name)> Trail { get; } = [];

    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, Region);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden) return Forbid();
        var today = clock.Today();
        Data = await query.LoadAsync(area!, today, DashboardAreas.ValidYear(Year, today), ct);

        CanEditTargets = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded && area!.Level != DashboardLevel.National;
        CanSeeBudget = (await authz.AuthorizeAsync(User, Policies.BudgetRead)).Succeeded && area!.Level != DashboardLevel.Regency;
        if (area!.ParentCode is { } parent && DashboardArea.Allows(scope, parent))
        {
            if (area.Level == DashboardLevel.Regency && DashboardArea.Allows(scope, DashboardArea.NationalCode)) Trail.Add((DashboardArea.NationalCode, DashboardArea.NationalName));
            var (_, up) = await DashboardAreas.ResolveAsync(db, scope, parent);
            if (up is not null) Trail.Add((up.Code, up.Name));
        }
        return Page();
    }
}
