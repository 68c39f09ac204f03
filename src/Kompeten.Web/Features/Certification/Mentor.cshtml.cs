using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>The mentor's workspace: only the candidates assigned to them, the longest waiting first.</summary>
[Authorize(Policy = Policies.Mentor)]
public class MentorModel(AppDbContext db, CertificationAccess access, MentorReminders reminders, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, string Name, string Scheme, string RegencyCode, ApplicationStatus Status, DateTimeOffset Since, int WaitingDays, int Comments);

    public List<Row> Waiting { get; private set; } = [];
    public List<Row> WithCandidate { get; private set; } = [];
    public List<Row> Done { get; private set; } = [];
    public int RemindAfterDays => reminders.RemindAfterDays;

    public async Task OnGetAsync()
    {
        var now = clock.GetUtcNow();
        var rows = (await access.Visible(db.Applications.AsNoTracking())
            .Select(a => new
            {
                a.Id, Name = a.DiplomaName ?? a.Person!.FullName, Scheme = a.Scheme!.Name, a.RegencyCode, a.Status, a.CreatedAt,
                Since = a.History.Where(h => h.To == a.Status).Max(h => (DateTimeOffset?)h.At),
                Comments = db.ReviewComments.Count(c => c.ApplicationId == a.Id),
            })
            .ToListAsync())
            .Select(a => new Row(a.Id, a.Name, a.Scheme, a.RegencyCode, a.Status, a.Since ?? a.CreatedAt, (int)(now - (a.Since ?? a.CreatedAt)).TotalDays, a.Comments))
            .ToList();
        Waiting = rows.Where(r => MentorReminders.WaitingForMentor.Contains(r.Status)).OrderBy(r => r.Since).ToList();
        WithCandidate = rows.Where(r => r.Status is ApplicationStatus.RevisionRequested or ApplicationStatus.Draft).OrderBy(r => r.Since).ToList();
        Done = rows.Where(r => !MentorReminders.WaitingForMentor.Contains(r.Status) && r.Status is not (ApplicationStatus.RevisionRequested or ApplicationStatus.Draft))
            .OrderByDescending(r => r.Since).Take(50).ToList();
    }
}
