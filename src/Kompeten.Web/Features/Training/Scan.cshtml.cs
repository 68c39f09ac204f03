using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// The committee's check-in page for one session, made for a phone at the door. The page itself
/// only renders; scans go to /api/v1/training/sessions/{id}/scans/batch from a queue kept in the
/// phone's localStorage, so a dropped connection loses nothing.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public class ScanModel(AppDbContext db, UserScope scope) : PageModel
{
    public Session Session { get; private set; } = null!;
    public BatchHeader Header { get; private set; } = null!;
    public int Active { get; private set; }
    public int Present { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
        if (session is null) return NotFound();
        var header = await TrainingPages.HeaderAsync(db, session.BatchId, scope);
        if (header is null) return NotFound();
        (Session, Header) = (session, header);
        Active = await db.Participants.CountAsync(p => p.BatchId == session.BatchId && Participant.ActiveStatuses.Contains(p.Status));
        Present = await db.AttendanceScans.CountAsync(a => a.SessionId == id);
        return Page();
    }
}
