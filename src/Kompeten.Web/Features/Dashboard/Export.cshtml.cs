using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>/Dashboard/Export?region=…&amp;year=…&amp;format=xlsx|pdf — the dashboard of an area in the user's scope as a file.</summary>
[Authorize(Policy = Policies.DashboardRead)]
public class ExportModel(AppDbContext db, DashboardQuery query, BoundaryCache boundaries, PdfRenderer pdf, UserScope scope, TimeProvider clock,
    ILogger<ExportModel> log) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? region, int? year, string? format, CancellationToken ct)
    {
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, region);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden) return Forbid();
        var today = clock.Today();
        var data = await query.LoadAsync(area!, today, DashboardAreas.ValidYear(year, today), ct);
        log.LogInformation("Ekspor dasbor {Area} ({Format}) oleh {User}", area!.Code, format, User.Identity?.Name);
        if (string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase))
        {
            string? svg = null;
            if (area.Level != DashboardLevel.Regency && await boundaries.ShapesAsync(area.Code, ct) is { Count: > 0 } shapes)
            {
                var colours = data.Rows.ToDictionary(r => r.Code, DashboardClient.ColourOf);
                svg = MapSvg.Render(shapes.Select(s => (s.Code, s.Name, s.Geometry)), c => colours.GetValueOrDefault(c, DashboardClient.NoDataColour));
            }
            var bytes = await pdf.RenderAsync(DashboardReport.Html(data, svg), PageOrientation.Landscape, ct);
            return File(bytes, "application/pdf", DashboardReport.FileName(data, "pdf"));
        }
        return File(DashboardReport.Xlsx(data), XlsxWriter.ContentType, DashboardReport.FileName(data, "xlsx"));
    }
}
