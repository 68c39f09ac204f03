using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Events;

/// <summary>
/// One assessment event: seats per scheme; verified candidates placed by the visible priority rule
/// (<see cref="Placement.RuleText"/>); the scheduled list with "batalkan jadwal"; the hand-off
/// package for the LSP (each download logged as a NIK export); results import; the BNSP list.
/// The import's form is read within the upload limit by <see cref="UploadFormAttribute"/>, which
/// also checks the antiforgery token of every POST here.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[IgnoreAntiforgeryToken]
[UploadForm("Import")]
public class DetailsModel(
    AppDbContext db, CertificationAccess access, Handoff handoff, ApplicationForms forms, ResultsImport import, Notifier notifier, TimeProvider clock) : PageModel
{
    public sealed record Seat(int SchemeId, string Scheme, int Capacity, int Taken)
    {
        public int Free => Math.Max(0, Capacity - Taken);
    }

    public sealed record Candidate(int Id, int PersonId, string Name, int SchemeId, string Scheme, string RegencyCode, ApplicationStatus Status, bool ProvinceFunded,
        DateTimeOffset? ReadyAt, DateTimeOffset? VerifiedAt, bool? Competent);

    public AssessmentEvent Event { get; private set; } = null!;
    public List<Seat> Seats { get; private set; } = [];
    public List<Candidate> OnEvent { get; private set; } = [];
    public List<Candidate> Waiting { get; private set; } = [];
    public HashSet<int> WouldBePlaced { get; private set; } = [];
    public ResultsImport.Report? ImportReport { get; private set; }

    private async Task<bool> LoadAsync(int id)
    {
        var ev = await db.AssessmentEvents.AsNoTracking().Include(e => e.Schemes).ThenInclude(s => s.Scheme).Include(e => e.Assessors).FirstOrDefaultAsync(e => e.Id == id);
        if (ev is null || !CertificationApi.InScope(ev, access.Scope)) return false;
        Event = ev;
        var schemeIds = ev.Schemes.Select(s => s.SchemeId).ToList();
        var candidates = await db.Applications.AsNoTracking()
            .Where(a => (a.AssessmentEventId == id && Application.OnEvent.Contains(a.Status))
                || (a.Status == ApplicationStatus.Verified && a.ProvinceCode == ev.ProvinceCode && schemeIds.Contains(a.SchemeId)))
            .Select(a => new Candidate(a.Id, a.PersonId, a.DiplomaName ?? a.Person!.FullName, a.SchemeId, a.Scheme!.Name, a.RegencyCode, a.Status, a.ProvinceFunded,
                a.ReadyAt, a.VerifiedAt,
                db.AssessmentOutcomes.Where(o => o.ApplicationId == a.Id && o.EventId == id).Select(o => (bool?)o.Competent).FirstOrDefault()))
            .ToListAsync();
        OnEvent = candidates.Where(c => c.Status != ApplicationStatus.Verified).OrderBy(c => c.Scheme).ThenBy(c => c.Name).ToList();
        Seats = ev.Schemes.Select(s => new Seat(s.SchemeId, s.Scheme!.Name, s.Capacity, OnEvent.Count(c => c.SchemeId == s.SchemeId))).OrderBy(s => s.Scheme).ToList();
        var waiting = candidates.Where(c => c.Status == ApplicationStatus.Verified).ToList();
        var (placed, _) = Placement.Place(waiting.Select(ToPlacement), Seats.ToDictionary(s => s.SchemeId, s => s.Free));
        WouldBePlaced = placed.Select(p => p.ApplicationId).ToHashSet();
        var rank = Placement.Order(waiting.Select(ToPlacement)).Select((p, i) => (p.ApplicationId, i)).ToDictionary(x => x.ApplicationId, x => x.i);
        Waiting = waiting.OrderBy(c => rank[c.Id]).ToList();
        return true;
    }

    /// <summary>For the hand-off downloads: the event exists in the user's province, without loading seats and candidates.</summary>
    private async Task<bool> InScopeAsync(int id) =>
        await db.AssessmentEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id) is { } ev && CertificationApi.InScope(ev, access.Scope);

    private static PlacementCandidate ToPlacement(Candidate c) =>
        new(c.Id, c.SchemeId, c.ProvinceFunded, c.ReadyAt ?? DateTimeOffset.MaxValue, c.VerifiedAt ?? DateTimeOffset.MaxValue);

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Places waiting candidates within the free seats, by the rule; the event row is locked so two administrators cannot overfill it.</summary>
    public async Task<IActionResult> OnPostPlaceAsync(int id)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT id FROM assessment_events WHERE id = {id} FOR UPDATE");
        if (!await LoadAsync(id)) return NotFound();
        var now = clock.GetUtcNow();
        var placed = 0;
        var ids = WouldBePlaced.ToList();
        var apps = await db.Applications.Include(a => a.Scheme).Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync();
        foreach (var app in apps)
        {
            if (!access.Administers(app)) continue;
            try
            {
                app.Schedule(id, access.Actor, now);
            }
            catch (TransitionRefused)
            {
                continue;
            }
            await notifier.ToPersonAsync(app.PersonId, $"Anda dijadwalkan uji kompetensi {app.Scheme!.Name}: {Event.Name}, {Event.StartDate:dd-MM-yyyy}, {Event.TestSite}.", $"/Certification/Applications/{app.Id}");
            placed++;
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        TempData["Message"] = placed == 0 ? "Tidak ada kandidat yang dapat ditempatkan (kuota penuh atau tidak ada yang menunggu)." : $"{placed} kandidat ditempatkan sesuai prioritas.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnscheduleAsync(int id, int applicationId, string? reason)
    {
        if (!await LoadAsync(id)) return NotFound();
        var app = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId && a.AssessmentEventId == id);
        if (app is null || !access.Administers(app)) return NotFound();
        try
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new TransitionRefused("Tuliskan alasan pembatalan jadwal (misalnya sakit, mutasi, kuota dialihkan).");
            app.Unschedule(access.Actor, clock.GetUtcNow(), reason);
        }
        catch (TransitionRefused e)
        {
            TempData["Error"] = e.Message;
            return RedirectToPage(new { id });
        }
        await notifier.ToPersonAsync(app.PersonId, $"Jadwal uji kompetensi Anda pada {Event.Name} dibatalkan: {reason!.Trim()}", $"/Certification/Applications/{app.Id}");
        await db.SaveChangesAsync();
        TempData["Message"] = "Jadwal dibatalkan; kandidat kembali ke daftar tunggu (terverifikasi).";
        return RedirectToPage(new { id });
    }

    // ----- hand-off (NIK inside: every download logged) -----

    public async Task<IActionResult> OnGetCandidateListAsync(int id)
    {
        if (!await InScopeAsync(id)) return NotFound();
        var (bytes, count) = await handoff.CandidateListAsync(id);
        await handoff.LogAsync(access.UserId, access.Name, $"Daftar peserta uji kompetensi #{id} (xlsx)", count);
        return File(bytes, XlsxWriter.ContentType, $"daftar-peserta-uji-{id}.xlsx");
    }

    public async Task<IActionResult> OnGetPackageAsync(int id)
    {
        if (!await InScopeAsync(id)) return NotFound();
        // ZipArchive writes synchronously when it closes; build it in a temporary file, then stream that.
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        var count = await handoff.WriteZipAsync(id, file);
        file.Position = 0;
        await handoff.LogAsync(access.UserId, access.Name, $"Paket berkas LSP uji kompetensi #{id} (zip: daftar, APL-01, APL-02, dokumen)", count);
        return File(file, "application/zip", $"paket-lsp-uji-{id}.zip");
    }

    public async Task<IActionResult> OnGetFormAsync(int id, int applicationId, string form)
    {
        if (!await LoadAsync(id)) return NotFound();
        var candidate = OnEvent.FirstOrDefault(c => c.Id == applicationId);
        if (candidate is null || form is not ("apl01" or "apl02")) return NotFound();
        var data = await forms.LoadAsync(applicationId);
        if (data is null) return NotFound();
        var bytes = form == "apl01" ? await forms.Apl01PdfAsync(data) : await forms.Apl02PdfAsync(data);
        var label = form == "apl01" ? "APL-01" : "APL-02";
        await handoff.LogAsync(access.UserId, access.Name, $"{label} pengajuan #{applicationId}, uji kompetensi #{id}", 1, candidate.PersonId);
        return File(bytes, "application/pdf", $"{label}_{ApplicationForms.FileSafe(candidate.Name)}.pdf");
    }

    public async Task<IActionResult> OnGetBnspAsync(int id)
    {
        if (!await InScopeAsync(id)) return NotFound();
        var (bytes, count) = await handoff.BnspListAsync(id);
        await handoff.LogAsync(access.UserId, access.Name, $"Daftar hasil untuk BNSP uji kompetensi #{id} (xlsx)", count);
        return File(bytes, XlsxWriter.ContentType, $"hasil-bnsp-uji-{id}.xlsx");
    }

    // ----- results import -----

    public IActionResult OnGetResultsTemplate() => File(ResultsImport.Template(), XlsxWriter.ContentType, "templat-hasil-uji.xlsx");

    public async Task<IActionResult> OnPostImportAsync(int id, IFormFile? file, DateOnly? issuedOn, bool dryRun)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (UploadFormAttribute.Refusal(HttpContext) is { } refused) return Refuse(refused.Message, refused.Status, dryRun);
        if (file is null) return Refuse($"Pilih berkas hasil uji ({TabularFile.ExtensionsText}) yang akan diimpor.", StatusCodes.Status400BadRequest, dryRun);
        await using (var stream = file.OpenReadStream())
        {
            ImportReport = await import.RunAsync(Event, stream, issuedOn ?? clock.Today(), dryRun, access.Actor);
        }
        if (ImportReport.RefusedWith is { } status) Response.StatusCode = status;
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        return Page();
    }

    /// <summary>The page again, with the file refused before any row was read.</summary>
    private PageResult Refuse(string message, int status, bool dryRun)
    {
        ImportReport = new(0, 0, 0, 0, [new(0, message)], false, dryRun) { RefusedWith = status };
        Response.StatusCode = status;
        return Page();
    }
}
