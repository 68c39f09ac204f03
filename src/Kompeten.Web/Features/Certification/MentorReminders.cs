using Dapper;
using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kompeten.Web.Features.Certification;

/// <summary>In-app notifications (and a way to send them) for the certification pipeline.</summary>
public sealed class Notifier(AppDbContext db, TimeProvider clock)
{
    public void ToUser(string userId, string text, string? link) =>
        db.Notifications.Add(new Notification { UserId = userId, Text = text, Link = link, At = clock.GetUtcNow() });

    /// <summary>To the candidate's own account(s), if they have one.</summary>
    public async Task ToPersonAsync(int personId, string text, string? link, CancellationToken ct = default)
    {
        foreach (var id in await db.Users.Where(u => u.PersonId == personId).Select(u => u.Id).ToListAsync(ct)) ToUser(id, text, link);
    }
}

/// <summary>
/// Reminds a mentor when an assigned candidate has waited more than N days for review
/// (Kompeten:Mentoring:RemindAfterDays, default 7) — one notification per waiting period.
/// An advisory lock keeps two app instances from reminding twice.
/// </summary>
public sealed class MentorReminders(AppDbContext db, IConfiguration config, TimeProvider clock)
{
    private const long LockKey = 0x4B4D5052; // "KMPR"

    public int RemindAfterDays => config.GetValue("Kompeten:Mentoring:RemindAfterDays", 7);

    public static readonly ApplicationStatus[] WaitingForMentor = [ApplicationStatus.Submitted, ApplicationStatus.Resubmitted];

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var threshold = now.AddDays(-RemindAfterDays);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = db.Database.GetDbConnection();
        var locked = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_xact_lock(@LockKey)", new { LockKey }, tx.GetDbTransaction(), cancellationToken: ct));
        if (!locked) return 0;
        var waiting = await db.Applications.AsNoTracking()
            .Where(a => a.MentorUserId != null && WaitingForMentor.Contains(a.Status))
            .Select(a => new
            {
                a.Id, a.MentorUserId, Name = a.DiplomaName ?? a.Person!.FullName, Scheme = a.Scheme!.Name,
                Since = a.History.Where(h => h.To == a.Status).Max(h => (DateTimeOffset?)h.At),
            })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var a in waiting.Where(a => a.Since is { } s && s <= threshold))
        {
            var link = $"/Certification/Applications/{a.Id}";
            var already = await db.Notifications.AnyAsync(n => n.UserId == a.MentorUserId && n.Link == link && n.At >= a.Since && n.Text.StartsWith("Pengingat"), ct);
            if (already) continue;
            var days = (int)(now - a.Since!.Value).TotalDays;
            db.Notifications.Add(new Notification
            {
                UserId = a.MentorUserId!,
                Text = $"Pengingat: {a.Name} ({a.Scheme}) sudah menunggu tinjauan Anda {days} hari.",
                Link = link,
                At = now,
            });
            sent++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sent;
    }
}
