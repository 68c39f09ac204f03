using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// A librarian's own training page: batches open for registration, their places and waiting-list
/// offers, their QR codes. Every action is limited to the signed-in person's own records.
/// </summary>
[Authorize]
public class MeModel(AppDbContext db, UserScope scope, BatchSeats seats, VenueClock venue, CertificatePdf certificates) : PageModel
{
    public sealed record OpenBatch(int Id, string Programme, int Number, DateOnly Start, DateOnly End, string Venue, int FreePool, DateTimeOffset? ClosesAt);
    public sealed record MyPlace(int Id, int BatchId, string Programme, int Number, DateOnly Start, DateOnly End, string Venue, ParticipantStatus Status, string Token, int? CertificateId, bool HasTest, bool PreDone, bool PostDone);
    public sealed record MyEntry(int Id, int BatchId, string Programme, int Number, WaitlistStatus Status, DateTimeOffset? OfferExpiresAt, int? Position);

    public List<OpenBatch> Open { get; private set; } = [];
    public List<MyPlace> Places { get; private set; } = [];
    public List<MyEntry> Entries { get; private set; } = [];
    public VenueClock Venue => venue;
    public int? PersonId => scope.PersonId;

    /// <summary>The person's own records only: Covers() answers no for everyone else's.</summary>
    private UserScope Own => UserScope.Nothing with { PersonId = scope.PersonId };

    public async Task<IActionResult> OnGetAsync()
    {
        if (scope.PersonId is not { } personId) return Page();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId);
        if (person is null) return Page();
        var now = venue.UtcNow;
        Places = await db.Participants.AsNoTracking().Where(p => p.PersonId == personId).OrderByDescending(p => p.Batch!.StartDate)
            .Select(p => new MyPlace(p.Id, p.BatchId, p.Batch!.Programme!.Name, p.Batch.Number, p.Batch.StartDate, p.Batch.EndDate, p.Batch.Venue, p.Status, p.QrToken,
                db.AttendanceCertificates.Where(c => c.ParticipantId == p.Id && c.RevokedAt == null).Select(c => (int?)c.Id).FirstOrDefault(),
                db.TestQuestions.Any(q => q.BatchId == p.BatchId),
                db.TestSubmissions.Any(t => t.ParticipantId == p.Id && t.Kind == TestKind.Pre),
                db.TestSubmissions.Any(t => t.ParticipantId == p.Id && t.Kind == TestKind.Post)))
            .ToListAsync();
        var entries = await db.WaitlistEntries.AsNoTracking().Where(w => w.PersonId == personId && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered))
            .Select(w => new { w.Id, w.BatchId, w.Batch!.Programme!.Name, w.Batch.Number, w.Status, w.OfferExpiresAt }).ToListAsync();
        var caughtUp = false;
        foreach (var batchId in entries.Select(e => e.BatchId).Distinct()) caughtUp |= await seats.CatchUpIfDueAsync(batchId);
        Entries = [];
        foreach (var e in entries)
        {
            // Catching up may have expired an offer or made a new one since the entries were read.
            var status = caughtUp
                ? await db.WaitlistEntries.Where(w => w.Id == e.Id).Select(w => new { w.Status, w.OfferExpiresAt }).FirstAsync()
                : new { e.Status, e.OfferExpiresAt };
            if (status.Status is not (WaitlistStatus.Waiting or WaitlistStatus.Offered)) continue;
            Entries.Add(new MyEntry(e.Id, e.BatchId, e.Name, e.Number, status.Status, status.OfferExpiresAt, await seats.PositionAsync(e.Id)));
        }
        var mine = Places.Where(p => p.Status is ParticipantStatus.Nominated or ParticipantStatus.PendingApproval or ParticipantStatus.Approved).Select(p => p.BatchId)
            .Concat(Entries.Select(e => e.BatchId)).ToHashSet();
        var candidates = await db.Batches.AsNoTracking()
            .Where(b => b.ProvinceCode == person.ProvinceCode && b.Status == BatchStatus.Open
                        && (b.RegistrationOpensAt == null || b.RegistrationOpensAt <= now) && (b.RegistrationClosesAt == null || b.RegistrationClosesAt > now))
            .OrderBy(b => b.StartDate)
            .Select(b => new OpenBatch(b.Id, b.Programme!.Name, b.Number, b.StartDate, b.EndDate, b.Venue, Math.Min(b.PoolSeats - b.PoolTaken, b.Capacity - b.SeatsTaken), b.RegistrationClosesAt))
            .ToListAsync();
        Open = candidates.Where(b => !mine.Contains(b.Id)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnGetCertificateAsync(int certificateId)
    {
        var mine = await db.AttendanceCertificates.AnyAsync(c => c.Id == certificateId && c.RevokedAt == null && c.Participant!.PersonId == scope.PersonId && scope.PersonId != null);
        if (!mine) return NotFound();
        var rendered = await certificates.RenderAsync(certificateId, Infrastructure.PublicUrl.Root(HttpContext.RequestServices.GetRequiredService<IConfiguration>(), Request));
        return rendered is { } r ? File(r.Pdf, "application/pdf", CertificatePdf.FileName(r.Data)) : NotFound();
    }

    public async Task<IActionResult> OnPostRegisterAsync(int batchId)
    {
        if (scope.PersonId is not { } personId) return Forbid();
        return Done(await seats.SelfRegisterAsync(batchId, personId));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int participantId, string? reason) =>
        Done(await seats.EndParticipationAsync(participantId, ParticipantStatus.Withdrawn, reason, Own));

    public async Task<IActionResult> OnPostAcceptAsync(int entryId) => Done(await seats.AcceptOfferAsync(entryId, Own));

    public async Task<IActionResult> OnPostLeaveAsync(int entryId) => Done(await seats.LeaveWaitlistAsync(entryId, null, Own));

    private IActionResult Done(SeatResult result)
    {
        if (result.Kind == SeatResultKind.NotFound) return NotFound();
        if (result.Succeeded) TempData["Message"] = result.Message;
        else TempData["Error"] = result.Message;
        return Redirect("/Training/Me");
    }
}
