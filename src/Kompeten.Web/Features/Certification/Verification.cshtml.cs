using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>Candidates a mentor marked ready, waiting for the administrator's verification (oldest first).</summary>
[Authorize(Policy = Policies.Admin)]
public class VerificationModel(AppDbContext db, CertificationAccess access, Notifier notifier, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, string Name, string Scheme, string RegencyCode, DateTimeOffset? ReadyAt, bool ProvinceFunded, string? Mentor);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => Rows = await db.Applications.AsNoTracking().InScope(access.Scope)
        .Where(a => a.Status == ApplicationStatus.Ready).OrderBy(a => a.ReadyAt)
        .Select(a => new Row(a.Id, a.DiplomaName ?? a.Person!.FullName, a.Scheme!.Name, a.RegencyCode, a.ReadyAt, a.ProvinceFunded,
            db.Users.Where(u => u.Id == a.MentorUserId).Select(u => u.FullName).FirstOrDefault()))
        .ToListAsync();

    public async Task<IActionResult> OnPostVerifyAsync(int applicationId, bool provinceFunded)
    {
        var app = await db.Applications.Include(a => a.Scheme).FirstOrDefaultAsync(a => a.Id == applicationId);
        if (app is null || !access.Administers(app)) return NotFound();
        try
        {
            app.Verify(access.Actor, clock.GetUtcNow());
        }
        catch (TransitionRefused e)
        {
            TempData["Error"] = $"Pengajuan #{app.Id}: {e.Message}";
            return RedirectToPage();
        }
        app.ProvinceFunded = provinceFunded;
        await notifier.ToPersonAsync(app.PersonId, $"Pengajuan {app.Scheme!.Name} Anda telah diverifikasi admin provinsi.", $"/Certification/Applications/{app.Id}");
        await db.SaveChangesAsync();
        TempData["Message"] = $"{app.DiplomaName} diverifikasi.";
        return RedirectToPage();
    }
}
