using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Events;

/// <summary>Assessment events (uji kompetensi) of the province: list and create.</summary>
[Authorize(Policy = Policies.Admin)]
public class IndexModel(AppDbContext db, CertificationAccess access) : PageModel
{
    public sealed record Row(int Id, string Name, string Lsp, string TestSite, DateOnly StartDate, DateOnly EndDate, int Seats, int Scheduled, int Schemes);

    public List<Row> Rows { get; private set; } = [];

    [BindProperty] public EventInput Input { get; set; } = new();

    private async Task LoadAsync()
    {
        var province = access.Scope.ProvinceCode;
        Rows = await db.AssessmentEvents.AsNoTracking().Where(e => province == null || e.ProvinceCode == province)
            .OrderByDescending(e => e.StartDate)
            .Select(e => new Row(e.Id, e.Name, e.Lsp, e.TestSite, e.StartDate, e.EndDate, e.Schemes.Sum(s => s.Capacity),
                db.Applications.Count(a => a.AssessmentEventId == e.Id && Application.OnEvent.Contains(a.Status)), e.Schemes.Count))
            .ToListAsync();
    }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input = new EventInput();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var province = access.Scope.ProvinceCode;
        if (province is null) ModelState.AddModelError("", "Uji kompetensi dibuat oleh admin provinsi; akun Anda tidak terikat provinsi.");
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var ev = new AssessmentEvent { Name = "", TestSite = "", ProvinceCode = province! };
        Input.ApplyTo(ev);
        db.AssessmentEvents.Add(ev);
        await db.SaveChangesAsync();
        TempData["Message"] = "Uji kompetensi dibuat. Tentukan klaster yang diuji beserta kuotanya, dan asesornya.";
        return RedirectToPage("Edit", new { id = ev.Id });
    }
}
