using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>The mentors of a province with their current load, as <see cref="MentorAssignment"/> needs them.</summary>
public static class MentorPool
{
    /// <summary>Statuses in which a candidate occupies a mentor's seat: until the mentor marks them ready.</summary>
    public static readonly ApplicationStatus[] Occupying =
        [ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted];

    public static async Task<List<MentorLoad>> LoadsAsync(AppDbContext db, string? provinceCode, CancellationToken ct = default)
    {
        var mentors = await db.Mentors.AsNoTracking().Where(m => m.Active && (provinceCode == null || m.ProvinceCode == provinceCode)).ToListAsync(ct);
        var userIds = mentors.Select(m => m.UserId).ToList();
        var loads = await db.Applications.AsNoTracking()
            .Where(a => a.MentorUserId != null && userIds.Contains(a.MentorUserId) && Occupying.Contains(a.Status))
            .GroupBy(a => a.MentorUserId!).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return mentors.Select(m => new MentorLoad(m.Id, m.UserId, m.Name, m.SchemeKeys, m.RegencyCodes, m.Capacity, loads.GetValueOrDefault(m.UserId)))
            .OrderBy(m => m.Name).ToList();
    }
}
