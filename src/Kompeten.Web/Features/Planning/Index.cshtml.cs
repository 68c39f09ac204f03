using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Planning;

/// <summary>
/// The planner for the user's area (province → regencies; nationally → provinces): inputs with
/// defaults from the data, the projection, what is missing, and the recommended quotas, which an
/// administrator saves as a draft allocation for a new batch in one step.
/// </summary>
[Authorize(Policy = Policies.DashboardRead)]
public class IndexModel(AppDbContext db, PlanningData data, UserScope scope, IAuthorizationService authz, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public PlanForm Form { get; set; } = new();

    public PlanningBasis Basis { get; private set; } = null!;
    public PlanResult? Plan { get; private set; }
    public bool CanApply { get; private set; }
    public List<QuotaAllocation> Drafts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        return Page();
    }

    /// <summary>Stores the recommended quotas (recomputed here from the same inputs) as a draft allocation.</summary>
    public async Task<IActionResult> OnPostApplyAsync(AllocationKind kind, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        if (!CanApply) return Forbid();
        if (Plan is null) return Page();
        var seats = kind == AllocationKind.WorkshopSeats ? Plan.BatchQuotas : Plan.FundedPlaces;
        var year = kind == AllocationKind.WorkshopSeats ? Plan.Input.StartYear : Plan.Years[0].Year;
        var allocation = await PlanAllocation.SaveAsync(db, Basis.Area, kind, year, seats, Plan, User.Identity!.Name!, clock.GetUtcNow(), ct);
        TempData["Message"] = $"Draf \"{allocation.Title}\" tersimpan ({allocation.Total:N0} kursi untuk {allocation.Lines.Count:N0} wilayah). Draf ini dipakai saat membuat angkatan baru.";
        return Redirect($"/Planning?{Form.QueryString()}#drafts");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, Form.Region);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden) return Forbid();
        Form.Region = area!.Code;
        var today = clock.Today();
        Basis = await data.LoadAsync(area, today, Form.StartYear is { } s && s >= 2020 && s <= 2100 ? s : today.Year, ct);
        Form.FillDefaults(Basis);
        foreach (var (field, message) in Form.Problems()) ModelState.AddModelError($"Form.{field}", message);
        if (ModelState.IsValid) Plan = Planner.Plan(Form.ToInput(), Basis.Regions);
        CanApply = area.Level != DashboardLevel.Regency && (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        Drafts = await db.QuotaAllocations.AsNoTracking().Include(a => a.Lines).Where(a => a.RegionCode == area.Code)
            .OrderByDescending(a => a.CreatedAt).Take(5).ToListAsync(ct);
        return null;
    }
}

/// <summary>Turns recommended quotas into a stored draft allocation (the record Training's batches take over).</summary>
public static class PlanAllocation
{
    public static async Task<QuotaAllocation> SaveAsync(AppDbContext db, DashboardArea area, AllocationKind kind, int year,
        IReadOnlyDictionary<string, int> seats, PlanResult plan, string user, DateTimeOffset now, CancellationToken ct = default)
    {
        var allocation = new QuotaAllocation
        {
            RegionCode = area.Code,
            Year = year,
            Kind = kind,
            Total = seats.Values.Sum(),
            Title = kind == AllocationKind.WorkshopSeats
                ? $"Kuota angkatan workshop {area.Name} {year}"
                : $"Kuota sertifikasi dibiayai {area.Name} {year}",
            Basis = string.Join("\n", plan.Assumptions.Prepend(plan.Verdict)),
            CreatedBy = user,
            CreatedAt = now,
            Lines = seats.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new QuotaAllocationLine { RegionCode = kv.Key, Seats = kv.Value }).ToList(),
        };
        db.QuotaAllocations.Add(allocation);
        await db.SaveChangesAsync(ct);
        return allocation;
    }
}
