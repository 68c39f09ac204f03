using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Events;

/// <summary>Results entered on screen: per scheduled candidate, K/BK per unit and overall. Candidates left blank are skipped; the rest are saved together or not at all.</summary>
[Authorize(Policy = Policies.Admin)]
public class ResultsModel(AppDbContext db, CertificationAccess access, AssessmentResults results, Notifier notifier) : PageModel
{
    public AssessmentEvent Event { get; private set; } = null!;
    public List<Application> Candidates { get; private set; } = [];
    public List<string> Errors { get; private set; } = [];

    [BindProperty] public DateOnly? IssuedOn { get; set; }

    private async Task<bool> LoadAsync(int id)
    {
        var ev = await db.AssessmentEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id);
        if (ev is null || !CertificationApi.InScope(ev, access.Scope)) return false;
        Event = ev;
        Candidates = await db.Applications.AsNoTracking().Include(a => a.Person).Include(a => a.Scheme).ThenInclude(s => s!.Units)
            .Where(a => a.AssessmentEventId == id && a.Status == ApplicationStatus.Scheduled)
            .OrderBy(a => a.SchemeId).ThenBy(a => a.DiplomaName).ToListAsync();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        IssuedOn = Event.EndDate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var form = Request.Form;
        var entries = new List<AssessmentResults.Entry>();
        foreach (var c in Candidates)
        {
            var overallText = form[$"overall-{c.Id}"].ToString();
            if (overallText.Length == 0) continue;
            var overall = ResultsImport.ParseResult(overallText);
            if (overall is null) { Errors.Add($"{c.DiplomaName}: pilih K atau BK untuk hasil keseluruhan."); continue; }
            var units = new List<AssessmentResults.UnitOutcome>();
            foreach (var u in c.Scheme!.Units)
            {
                var verdict = ResultsImport.ParseResult(form[$"unit-{c.Id}-{u.Id}"].ToString());
                if (verdict is not null) units.Add(new(u.Id, verdict.Value));
            }
            entries.Add(new(c.Id, units, overall.Value));
        }
        if (IssuedOn is null) Errors.Add("Isi tanggal terbit sertifikat.");
        if (Errors.Count == 0)
        {
            var outcome = await results.RecordAsync(id, entries, IssuedOn!.Value, access.Actor);
            Errors.AddRange(outcome.Errors);
            if (outcome.Succeeded)
            {
                var byApp = Candidates.ToDictionary(c => c.Id);
                foreach (var e in entries)
                {
                    var c = byApp[e.ApplicationId];
                    await notifier.ToPersonAsync(c.PersonId, e.Competent
                        ? $"Selamat! Anda dinyatakan Kompeten pada {c.Scheme!.Name}. Sertifikat Anda sudah tercatat."
                        : $"Hasil uji {c.Scheme!.Name}: Belum Kompeten. Siapkan uji ulang bersama pendamping.", $"/Certification/Applications/{c.Id}");
                }
                await db.SaveChangesAsync();
                TempData["Message"] = $"Hasil {entries.Count} peserta disimpan: {entries.Count(e => e.Competent)} Kompeten (sertifikat dibuat), {entries.Count(e => !e.Competent)} Belum Kompeten.";
                return Redirect($"/Certification/Events/{id}");
            }
        }
        return Page();
    }
}
