using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Planning;

/// <summary>/Planning/Export?format=xlsx|pdf&amp;… — the planner's answer for the same inputs as the page, for an area in the user's scope.</summary>
[Authorize(Policy = Policies.DashboardRead)]
public class ExportModel(AppDbContext db, PlanningData data, PdfRenderer pdf, UserScope scope, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public PlanForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, Form.Region);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden) return Forbid();
        var today = clock.Today();
        var basis = await data.LoadAsync(area!, today, Form.StartYear is { } s && s >= 2020 && s <= 2100 ? s : today.Year, ct);
        Form.FillDefaults(basis);
        var problems = Form.Problems().Select(p => p.Message)
            .Concat(ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)).ToList();
        if (problems.Count > 0) return BadRequest("Rencana tidak dapat dibuat: " + string.Join(" ", problems));
        var plan = Planner.Plan(Form.ToInput(), basis.Regions);
        if (string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase))
        {
            return File(await pdf.RenderAsync(PlanReport.Html(basis, plan, Form.DefaultsUsed), PageOrientation.Portrait, ct), "application/pdf", PlanReport.FileName(basis, "pdf"));
        }
        return File(PlanReport.Xlsx(basis, plan, Form.DefaultsUsed), XlsxWriter.ContentType, PlanReport.FileName(basis, "xlsx"));
    }
}
