using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// Who counts as "trained in year X" for the registry: an approved participant of a batch that
/// started in that year who met the batch's attendance rule (the SQL form of
/// <see cref="AttendanceBook.ParticipantAttendance.MeetsRule"/>) or holds a certificate of
/// attendance that is not revoked (issued by hand, e.g. after a manual correction).
/// </summary>
public static class TrainedPeople
{
    public static IQueryable<int> InYear(AppDbContext db, int year)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return db.Participants
            .Where(p => p.Status == ParticipantStatus.Approved && p.Batch!.StartDate >= from && p.Batch.StartDate <= to)
            .Where(p =>
                (p.Batch!.Sessions.Count > 0
                    && db.AttendanceScans.Count(s => s.ParticipantId == p.Id) * 100 >= p.Batch.AttendanceRulePercent * p.Batch.Sessions.Count)
                || db.AttendanceCertificates.Any(c => c.ParticipantId == p.Id && c.RevokedAt == null))
            .Select(p => p.PersonId);
    }

    /// <summary>Years in which batches of the user's provinces started, newest first (the registry's "dilatih tahun" choices).</summary>
    public static Task<List<int>> BatchYearsAsync(AppDbContext db, UserScope scope, CancellationToken ct = default) =>
        db.Batches.AsNoTracking().InScope(scope).Select(b => b.StartDate.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
}
