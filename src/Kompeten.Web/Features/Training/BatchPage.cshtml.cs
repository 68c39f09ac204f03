using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>A batch at a glance: seats per regency, sessions with attendance, and the administrator's actions.</summary>
[Authorize(Policy = Policies.RegistryRead)]
public class BatchPageModel(AppDbContext db, UserScope scope, BatchSeats seats, IAuthorizationService authz, VenueClock venue) : PageModel
{
    public sealed record QuotaRow(string RegencyCode, string Name, int Seats, int Taken, int Released);
    public sealed record SessionRow(int Id, string Title, string? Speaker, DateOnly Date, TimeOnly Start, TimeOnly End, int LessonHours, int Present);

    public BatchHeader Header { get; private set; } = null!;
    public Batch Batch { get; private set; } = null!;
    public List<QuotaRow> Quotas { get; private set; } = [];
    public List<SessionRow> Sessions { get; private set; } = [];
    public int Waiting { get; private set; }
    public int Offered { get; private set; }
    public int ActiveParticipants { get; private set; }
    public bool IsAdmin { get; private set; }
    public VenueClock Venue => venue;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } header) return NotFound();
        // Read again only when catching up may have moved the seat counts the header shows.
        Header = await seats.CatchUpIfDueAsync(id) ? (await TrainingPages.HeaderAsync(db, id, scope))! : header;
        IsAdmin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        Batch = await db.Batches.AsNoTracking().FirstAsync(b => b.Id == id);
        Quotas = await db.BatchQuotas.AsNoTracking().Where(q => q.BatchId == id).OrderBy(q => q.RegencyCode)
            .Select(q => new QuotaRow(q.RegencyCode, q.Regency!.Name, q.Seats, q.Taken, q.Released)).ToListAsync();
        Sessions = await db.Sessions.AsNoTracking().Where(s => s.BatchId == id).OrderBy(s => s.SortOrder)
            .Select(s => new SessionRow(s.Id, s.Title, s.Speaker, s.Date, s.StartTime, s.EndTime, s.LessonHours, db.AttendanceScans.Count(a => a.SessionId == s.Id)))
            .ToListAsync();
        Waiting = await db.WaitlistEntries.CountAsync(w => w.BatchId == id && w.Status == WaitlistStatus.Waiting);
        Offered = await db.WaitlistEntries.CountAsync(w => w.BatchId == id && w.Status == WaitlistStatus.Offered);
        ActiveParticipants = await db.Participants.InScope(scope).CountAsync(p => p.BatchId == id && Participant.ActiveStatuses.Contains(p.Status));
        return Page();
    }

    /// <summary>Releases unused regency seats now, before the deadline (the administrator decides).</summary>
    public async Task<IActionResult> OnPostReleaseAsync(int id)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        var result = await seats.CatchUpAsync(id, forceRelease: true);
        TempData["Message"] = result.ReleasedSeats > 0
            ? $"{result.ReleasedSeats} kursi kuota kab/kota yang belum terisi dilepas ke kuota umum; {result.NewOffers} tawaran dikirim ke daftar tunggu."
            : "Tidak ada kursi kuota yang dilepas (kuota sudah dilepas atau semuanya terisi).";
        return Redirect($"/Training/Batches/{id}");
    }
}
