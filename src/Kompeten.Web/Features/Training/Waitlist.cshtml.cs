using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>The waiting list of a batch in order; operators see their regency's people (with their place in the whole list).</summary>
[Authorize(Policy = Policies.RegistryRead)]
public class WaitlistModel(AppDbContext db, UserScope scope, BatchSeats seats, IAuthorizationService authz, VenueClock venue) : PageModel
{
    public sealed record Row(int Id, int Position, string Name, string RegencyCode, ParticipantSource Source, WaitlistStatus Status, DateTimeOffset JoinedAt, DateTimeOffset? OfferExpiresAt, string? Note);

    public BatchHeader Header { get; private set; } = null!;
    public List<Row> Open { get; private set; } = [];
    public List<Row> Closed { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public bool CanWrite { get; private set; }
    public VenueClock Venue => venue;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } header) return NotFound();
        // Read again only when catching up may have moved the seat counts the header shows.
        Header = await seats.CatchUpIfDueAsync(id) ? (await TrainingPages.HeaderAsync(db, id, scope))! : header;
        IsAdmin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        CanWrite = (await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded;
        var all = await db.WaitlistEntries.AsNoTracking().Where(w => w.BatchId == id)
            .OrderBy(w => w.Status == WaitlistStatus.Offered ? 0 : w.Status == WaitlistStatus.Waiting ? 1 : 2).ThenBy(w => w.SortKey).ThenBy(w => w.Id)
            .Select(w => new { w.Id, w.Person!.FullName, w.RegencyCode, w.ProvinceCode, w.Source, w.Status, w.JoinedAt, w.OfferExpiresAt, w.Note, w.ClosedAt })
            .ToListAsync();
        var position = 0;
        var rows = all.Select(w => (w, Row: new Row(w.Id, w.Status == WaitlistStatus.Waiting ? ++position : 0, w.FullName, w.RegencyCode, w.Source, w.Status, w.JoinedAt, w.OfferExpiresAt, w.Note)))
            .Where(x => scope.Covers(x.w.RegencyCode)).ToList();
        Open = rows.Where(x => x.Row.Status is WaitlistStatus.Waiting or WaitlistStatus.Offered).Select(x => x.Row).ToList();
        Closed = rows.Where(x => x.Row.Status is not (WaitlistStatus.Waiting or WaitlistStatus.Offered)).OrderByDescending(x => x.w.ClosedAt).Take(50).Select(x => x.Row).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(int id, int entryId, int position, string? reason)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, entryId)) return NotFound();
        return Done(id, await seats.MoveAsync(entryId, position, reason, scope));
    }

    public async Task<IActionResult> OnPostLeaveAsync(int id, int entryId, string? reason)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, entryId)) return NotFound();
        return Done(id, await seats.LeaveWaitlistAsync(entryId, reason, scope));
    }

    public async Task<IActionResult> OnPostAcceptAsync(int id, int entryId)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        if (!await BelongsAsync(id, entryId)) return NotFound();
        return Done(id, await seats.AcceptOfferAsync(entryId, scope));
    }

    private Task<bool> BelongsAsync(int batchId, int entryId) => db.WaitlistEntries.InScope(scope).AnyAsync(w => w.Id == entryId && w.BatchId == batchId);

    private IActionResult Done(int id, SeatResult result)
    {
        if (result.Kind == SeatResultKind.NotFound) return NotFound();
        if (result.Succeeded) TempData["Message"] = result.Message;
        else TempData["Error"] = result.Message;
        return Redirect($"/Training/Batches/{id}/Waitlist");
    }
}
