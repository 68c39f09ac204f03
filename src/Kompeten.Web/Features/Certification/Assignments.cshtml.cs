using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Applications that need a mentor (or may get another), each with Kompeten's suggestion
/// (scheme, regency, load); the administrator applies it, picks another, or applies all.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public class AssignmentsModel(AppDbContext db, CertificationAccess access, Notifier notifier) : PageModel
{
    public sealed record Row(int Id, string Name, string Scheme, string SchemeKey, string RegencyCode, ApplicationStatus Status, string? MentorUserId, MentorSuggestion? Suggestion);

    public List<Row> Rows { get; private set; } = [];
    public List<MentorLoad> Mentors { get; private set; } = [];

    private static readonly ApplicationStatus[] Assignable = [ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted, ApplicationStatus.Draft];

    private async Task LoadAsync()
    {
        Mentors = await MentorPool.LoadsAsync(db, access.Scope.ProvinceCode);
        var apps = await db.Applications.AsNoTracking().InScope(access.Scope)
            .Where(a => Assignable.Contains(a.Status) && (a.Status != ApplicationStatus.Draft || a.MentorUserId != null))
            .OrderBy(a => a.MentorUserId != null).ThenBy(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Select(a => new { a.Id, Name = a.DiplomaName ?? a.Person!.FullName, Scheme = a.Scheme!.Name, a.Scheme.Key, a.RegencyCode, a.Status, a.MentorUserId })
            .Take(500).ToListAsync();
        var suggestions = MentorAssignment.SuggestAll(Mentors, apps.Where(a => a.MentorUserId is null).Select(a => (a.Id, a.Key, a.RegencyCode)));
        Rows = apps.Select(a => new Row(a.Id, a.Name, a.Scheme, a.Key, a.RegencyCode, a.Status, a.MentorUserId, suggestions.GetValueOrDefault(a.Id))).ToList();
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAssignAsync(int applicationId, string? mentorUserId)
    {
        var app = await db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId);
        if (app is null || !access.Administers(app)) return NotFound();
        var schemeKey = await db.Schemes.Where(s => s.Id == app.SchemeId).Select(s => s.Key).FirstAsync();
        var mentors = (await MentorPool.LoadsAsync(db, app.ProvinceCode)).Where(m => m.Takes(schemeKey)).ToList();
        var error = await Applications.DetailsModel.AssignAsync(db, app, mentors, mentorUserId, notifier);
        if (error is not null)
        {
            TempData["Error"] = $"Pengajuan #{app.Id}: {error}";
            return RedirectToPage();
        }
        await db.SaveChangesAsync();
        TempData["Message"] = "Pendamping ditetapkan.";
        return RedirectToPage();
    }

    /// <summary>Applies every suggestion shown for applications without a mentor, counting seats as it goes.</summary>
    public async Task<IActionResult> OnPostApplyAllAsync()
    {
        await LoadAsync();
        var applied = 0;
        var suggested = Rows.Where(r => r.MentorUserId is null && r.Suggestion is not null).ToList();
        var ids = suggested.Select(r => r.Id).ToList();
        var apps = await db.Applications.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id);
        foreach (var row in suggested)
        {
            var app = apps[row.Id];
            if (app.MentorUserId is not null) continue;
            app.MentorUserId = row.Suggestion!.Mentor.UserId;
            notifier.ToUser(app.MentorUserId, $"Anda ditugaskan mendampingi {row.Name}.", $"/Certification/Applications/{app.Id}");
            applied++;
        }
        await db.SaveChangesAsync();
        TempData["Message"] = applied == 0 ? "Tidak ada saran yang dapat diterapkan." : $"{applied} saran pendamping diterapkan.";
        return RedirectToPage();
    }
}
