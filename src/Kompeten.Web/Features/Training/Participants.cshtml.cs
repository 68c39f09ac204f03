using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// Participants of a batch. Operators see and nominate only people of their own regency;
/// administrators see the province, admit directly, approve and decline.
/// </summary>
[Authorize(Policy = Policies.RegistryRead)]
public class ParticipantsModel(AppDbContext db, UserScope scope, BatchSeats seats, IAuthorizationService authz, TimeProvider clock, ActivityReport report) : PageModel
{
    public sealed record Row(int Id, int PersonId, string Name, string? Nip, string RegencyCode, string RegencyName, string? Library, ParticipantSource Source, ParticipantStatus Status, string? SeatRegencyCode, string? Reason, string QrToken);
    public sealed record Candidate(int Id, string Name, string NikMasked, string RegencyCode, string? Library, bool Certified, int Trainings);

    public BatchHeader Header { get; private set; } = null!;
    public List<Row> Rows { get; private set; } = [];
    public List<Candidate> Candidates { get; private set; } = [];
    public List<Region> Regencies { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public bool CanWrite { get; private set; }
    public bool AcceptsNominations { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Regency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Uncertified { get; set; }
    [BindProperty(SupportsGet = true)] public bool Untrained { get; set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } header) return NotFound();
        // Read again only when catching up may have moved the seat counts the header shows.
        Header = await seats.CatchUpIfDueAsync(id) ? (await TrainingPages.HeaderAsync(db, id, scope))! : header;
        IsAdmin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        CanWrite = (await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded;
        var batch = await db.Batches.AsNoTracking().FirstAsync(b => b.Id == id);
        AcceptsNominations = batch.AcceptsNominations(clock.GetUtcNow());
        Regencies = await db.Regions.AsNoTracking().RegenciesInScope(scope).Where(r => r.ParentCode == Header.ProvinceCode).OrderBy(r => r.Code).ToListAsync();

        var participants = db.Participants.AsNoTracking().InScope(scope).Where(p => p.BatchId == id);
        if (Enum.TryParse<ParticipantStatus>(Status, out var st)) participants = participants.Where(p => p.Status == st);
        else if (Status != "all") participants = participants.Where(p => Participant.ActiveStatuses.Contains(p.Status));
        if (!string.IsNullOrWhiteSpace(Regency)) participants = participants.Where(p => p.RegencyCode == Regency);
        Rows = await participants.OrderBy(p => p.RegencyCode).ThenBy(p => p.Person!.FullName)
            .Select(p => new Row(p.Id, p.PersonId, p.Person!.FullName, p.Person.Nip, p.RegencyCode, p.Person.Regency!.Name, p.Person.Library != null ? p.Person.Library.Name : null,
                p.Source, p.Status, p.SeatRegencyCode, p.StatusReason, p.QrToken))
            .ToListAsync();

        if (CanWrite) Candidates = await CandidatesAsync(id);
        return Page();
    }

    private async Task<List<Candidate>> CandidatesAsync(int batchId)
    {
        var today = clock.Today();
        var q = db.People.AsNoTracking().InScope(scope).Where(p => p.ProvinceCode == Header.ProvinceCode);
        if (!string.IsNullOrWhiteSpace(Regency)) q = q.Where(p => p.RegencyCode == Regency);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = LikePattern.Containing(Q.Trim());
            q = q.Where(p => EF.Functions.ILike(p.FullName, pattern, LikePattern.Escape));
        }
        if (Uncertified) q = q.Where(p => !p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today));
        if (Untrained) q = q.Where(p => !db.Participants.Any(x => x.PersonId == p.Id && x.Status == ParticipantStatus.Approved));
        q = q.Where(p => !db.Participants.Any(x => x.BatchId == batchId && x.PersonId == p.Id && Participant.ActiveStatuses.Contains(x.Status))
                         && !db.WaitlistEntries.Any(w => w.BatchId == batchId && w.PersonId == p.Id && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered)));
        return await q.OrderBy(p => p.FullName).ThenBy(p => p.Id).Take(30)
            .Select(p => new Candidate(p.Id, p.FullName, p.NikMasked, p.RegencyCode, p.Library != null ? p.Library.Name : null,
                p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today),
                db.Participants.Count(x => x.PersonId == p.Id && x.Status == ParticipantStatus.Approved)))
            .ToListAsync();
    }

    /// <summary>The participants in the user's scope as xlsx (the kode column is what the score import reads).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } h) return NotFound();
        return File(await report.ParticipantListXlsxAsync(id, scope), XlsxWriter.ContentType, $"peserta-angkatan-{h.Number}.xlsx");
    }

    public async Task<IActionResult> OnPostNominateAsync(int id, int personId)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        var admin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        var result = admin ? await seats.AdmitAsync(id, personId, scope) : await seats.NominateAsync(id, personId, scope);
        return Done(id, result);
    }

    public async Task<IActionResult> OnPostWaitlistAsync(int id, int personId)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        var admin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        return Done(id, await seats.JoinWaitlistAsync(id, personId, admin ? ParticipantSource.Admin : ParticipantSource.Nominated, scope));
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, int participantId)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, participantId)) return NotFound();
        return Done(id, await seats.ApproveAsync(participantId, scope));
    }

    public async Task<IActionResult> OnPostApproveAllAsync(int id)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        var pending = await db.Participants.InScope(scope).Where(p => p.BatchId == id && (p.Status == ParticipantStatus.Nominated || p.Status == ParticipantStatus.PendingApproval))
            .Select(p => p.Id).ToListAsync();
        foreach (var pid in pending) await seats.ApproveAsync(pid, scope);
        TempData["Message"] = $"{pending.Count} peserta disetujui.";
        return Redirect($"/Training/Batches/{id}/Participants");
    }

    public async Task<IActionResult> OnPostDeclineAsync(int id, int participantId, string? reason)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, participantId)) return NotFound();
        return Done(id, await seats.EndParticipationAsync(participantId, ParticipantStatus.Declined, reason, scope));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, int participantId, string? reason)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, participantId)) return NotFound();
        return Done(id, await seats.EndParticipationAsync(participantId, ParticipantStatus.Withdrawn, reason, scope));
    }

    private Task<bool> BelongsAsync(int batchId, int participantId) =>
        db.Participants.InScope(scope).AnyAsync(p => p.Id == participantId && p.BatchId == batchId);

    private IActionResult Done(int id, SeatResult result)
    {
        if (result.Kind == SeatResultKind.NotFound) return NotFound();
        if (result.Succeeded) TempData["Message"] = result.Message;
        else TempData["Error"] = result.Message;
        return Redirect($"/Training/Batches/{id}/Participants");
    }
}
