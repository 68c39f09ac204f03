using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>A person's declared work periods (tagged with the clusters they belong to) and training certificates: the evidence eligibility routes b and c read.</summary>
[Authorize(Policy = Policies.CertificationPrepare)]
public class ExperienceModel(AppDbContext db, CertificationAccess access, Preparation preparation) : PageModel
{
    public Person Person { get; private set; } = null!;
    public List<WorkExperience> Work { get; private set; } = [];
    public List<TrainingRecord> Trainings { get; private set; } = [];

    /// <summary>Certificates of attendance from qualifying Kompeten programmes: counted without being declared.</summary>
    public List<TrainingEvidence> Workshops { get; private set; } = [];
    public List<Scheme> Schemes { get; private set; } = [];

    private async Task<bool> LoadAsync(int personId)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId);
        if (person is null || !access.CanActFor(person)) return false;
        Person = person;
        Work = await db.WorkExperiences.AsNoTracking().Where(w => w.PersonId == personId).OrderByDescending(w => w.From).ToListAsync();
        Trainings = await db.TrainingRecords.AsNoTracking().Where(t => t.PersonId == personId).OrderByDescending(t => t.Date).ToListAsync();
        Workshops = await preparation.WorkshopEvidenceAsync(personId);
        Schemes = await db.Schemes.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int personId) => await LoadAsync(personId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveWorkAsync(int personId, int? workId, DateOnly? from, DateOnly? to, string? institution, string? duties, List<string>? schemeKeys)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var errors = new List<string>();
        if (from is null) errors.Add("Isi tanggal mulai bekerja.");
        if (from is { } f && to is { } t && t < f) errors.Add("Tanggal selesai tidak boleh sebelum tanggal mulai.");
        if (from > preparation.Today) errors.Add("Tanggal mulai tidak boleh di masa depan.");
        if (string.IsNullOrWhiteSpace(institution)) errors.Add("Isi nama institusi/perpustakaan tempat bekerja.");
        var keys = (schemeKeys ?? []).Where(k => Schemes.Any(s => s.Key == k)).Distinct().ToList();
        if (keys.Count == 0) errors.Add("Centang minimal satu klaster yang sesuai dengan pekerjaan ini (misalnya layanan sirkulasi → Klaster Layanan Dasar).");
        if (errors.Count > 0) return Back(personId, string.Join(" ", errors));
        WorkExperience work;
        if (workId is { } id)
        {
            var found = await db.WorkExperiences.FirstOrDefaultAsync(w => w.Id == id && w.PersonId == personId);
            if (found is null) return NotFound();
            work = found;
        }
        else work = db.WorkExperiences.Add(new WorkExperience { PersonId = personId, Institution = "" }).Entity;
        work.From = from!.Value;
        work.To = to;
        work.Institution = institution!.Trim();
        work.Duties = string.IsNullOrWhiteSpace(duties) ? null : duties.Trim();
        work.SchemeKeys = keys;
        await db.SaveChangesAsync();
        TempData["Message"] = "Riwayat kerja disimpan.";
        return RedirectToPage(new { personId });
    }

    public async Task<IActionResult> OnPostDeleteWorkAsync(int personId, int workId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var work = await db.WorkExperiences.FirstOrDefaultAsync(w => w.Id == workId && w.PersonId == personId);
        if (work is null) return NotFound();
        db.WorkExperiences.Remove(work);
        await db.SaveChangesAsync();
        TempData["Message"] = "Riwayat kerja dihapus.";
        return RedirectToPage(new { personId });
    }

    public async Task<IActionResult> OnPostAddTrainingAsync(int personId, string? title, string? organizer, DateOnly? date, bool competencyBased)
    {
        if (!await LoadAsync(personId)) return NotFound();
        if (string.IsNullOrWhiteSpace(title) || date is null) return Back(personId, "Isi nama pelatihan dan tanggal sertifikatnya.");
        if (date > preparation.Today) return Back(personId, "Tanggal sertifikat pelatihan tidak boleh di masa depan.");
        db.TrainingRecords.Add(new TrainingRecord { PersonId = personId, Title = title.Trim(), Organizer = organizer?.Trim(), Date = date.Value, CompetencyBased = competencyBased });
        await db.SaveChangesAsync();
        TempData["Message"] = "Sertifikat pelatihan dicatat.";
        return RedirectToPage(new { personId });
    }

    public async Task<IActionResult> OnPostDeleteTrainingAsync(int personId, int trainingId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var training = await db.TrainingRecords.FirstOrDefaultAsync(t => t.Id == trainingId && t.PersonId == personId);
        if (training is null) return NotFound();
        db.TrainingRecords.Remove(training);
        await db.SaveChangesAsync();
        TempData["Message"] = "Sertifikat pelatihan dihapus.";
        return RedirectToPage(new { personId });
    }

    private RedirectToPageResult Back(int personId, string error)
    {
        TempData["Error"] = error;
        return RedirectToPage(new { personId });
    }
}
