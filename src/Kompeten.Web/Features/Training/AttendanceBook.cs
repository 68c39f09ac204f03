using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>One scan as the phone sends it (possibly long after it was made, from its offline queue).</summary>
public sealed class ScanInput
{
    /// <summary>UUID the device generated for this scan; sending it again never records twice.</summary>
    public Guid IdempotencyKey { get; set; }

    /// <summary>The QR content: the participant's token, or a link ending in it.</summary>
    public string? Code { get; set; }

    /// <summary>Manual marking: the participant chosen from the list (needs <see cref="ManualReason"/>).</summary>
    public int? ParticipantId { get; set; }
    public string? ManualReason { get; set; }
    public string? DeviceId { get; set; }
    public DateTimeOffset? ScannedAt { get; set; }
}

public enum ScanOutcome
{
    /// <summary>Recorded now.</summary>
    Recorded,
    /// <summary>This scan (same key) was recorded before: a retry or a replayed queue.</summary>
    Replayed,
    /// <summary>The participant was already recorded for the session by another scan (another device, twice at the door).</summary>
    AlreadyPresent,
    UnknownCode,
    NotActive,
    Invalid,
}

public sealed record ScanResult(Guid IdempotencyKey, ScanOutcome Outcome, string Message, int? ParticipantId = null, string? Name = null, DateTimeOffset? RecordedAt = null)
{
    /// <summary>Done with this scan: the phone removes it from its queue.</summary>
    public bool Settled => Outcome is ScanOutcome.Recorded or ScanOutcome.Replayed or ScanOutcome.AlreadyPresent or ScanOutcome.UnknownCode or ScanOutcome.NotActive or ScanOutcome.Invalid;
}

/// <summary>Attendance per session: scans, manual marks, and who met the batch's attendance rule.</summary>
public sealed class AttendanceBook(AppDbContext db, TimeProvider clock, VenueClock venue)
{
    public async Task<ScanResult> RecordAsync(Session session, ScanInput input, string? recordedBy, CancellationToken ct = default)
    {
        if (input.IdempotencyKey == Guid.Empty) return new(input.IdempotencyKey, ScanOutcome.Invalid, "Kunci idempotensi (UUID) wajib dikirim bersama setiap pindaian; muat ulang halaman pemindai.");
        var now = clock.GetUtcNow();

        var replay = await FindByKeyAsync(input.IdempotencyKey, ct);
        if (replay is not null) return replay with { Outcome = ScanOutcome.Replayed, Message = $"Sudah tercatat sebelumnya: {replay.Name}." };

        var manual = input.ParticipantId is not null;
        if (manual && string.IsNullOrWhiteSpace(input.ManualReason))
        {
            return new(input.IdempotencyKey, ScanOutcome.Invalid, "Penandaan hadir manual wajib disertai alasan (misalnya \"QR rusak\" atau \"HP peserta mati\").");
        }
        var token = manual ? null : NormalizeCode(input.Code);
        if (!manual && token is null) return new(input.IdempotencyKey, ScanOutcome.Invalid, "Kode QR kosong; pindai ulang atau ketik kode peserta.");

        var query = db.Participants.AsNoTracking().Where(p => p.BatchId == session.BatchId);
        query = manual ? query.Where(p => p.Id == input.ParticipantId) : query.Where(p => p.QrToken == token);
        var participant = await query.Select(p => new { p.Id, p.Status, p.Person!.FullName }).FirstOrDefaultAsync(ct);
        if (participant is null)
        {
            return new(input.IdempotencyKey, ScanOutcome.UnknownCode, manual
                ? "Peserta tidak ditemukan di angkatan ini."
                : $"Kode {token} bukan milik peserta angkatan ini. Pastikan peserta menunjukkan QR undangan angkatan yang benar.");
        }
        if (participant.Status is not (ParticipantStatus.Approved or ParticipantStatus.Nominated or ParticipantStatus.PendingApproval))
        {
            return new(input.IdempotencyKey, ScanOutcome.NotActive, $"{participant.FullName} berstatus {EnumLabels.Of(participant.Status).ToLowerInvariant()}; kehadiran tidak dicatat. Hubungi admin bila ini keliru.", participant.Id, participant.FullName);
        }

        var scannedAt = PlausibleScanTime(input.ScannedAt, session, now);
        var method = manual ? AttendanceMethod.Manual : AttendanceMethod.Qr;
        var reason = manual ? input.ManualReason!.Trim() : null;
        var device = input.DeviceId is { Length: > 100 } d ? d[..100] : input.DeviceId;
        // Both unique indexes (session+participant, idempotency key) answer a repeat here, inside
        // the database, so two phones scanning the same person at the same instant record once.
        var inserted = await db.Database.SqlQuery<long>($"""
            INSERT INTO attendance_scans (session_id, participant_id, idempotency_key, device_id, scanned_at, received_at, method, manual_reason, recorded_by)
            VALUES ({session.Id}, {participant.Id}, {input.IdempotencyKey}, {device}, {scannedAt}, {now}, {(int)method}, {reason}, {recordedBy})
            ON CONFLICT DO NOTHING
            RETURNING id AS "Value"
            """).ToListAsync(ct);
        if (inserted.Count == 1)
        {
            return new(input.IdempotencyKey, ScanOutcome.Recorded, $"Hadir: {participant.FullName}.", participant.Id, participant.FullName, scannedAt);
        }

        replay = await FindByKeyAsync(input.IdempotencyKey, ct);
        if (replay is not null) return replay with { Outcome = ScanOutcome.Replayed, Message = $"Sudah tercatat sebelumnya: {replay.Name}." };
        var earlier = await db.AttendanceScans.AsNoTracking().Where(s => s.SessionId == session.Id && s.ParticipantId == participant.Id)
            .Select(s => new { s.ScannedAt, s.DeviceId }).FirstAsync(ct);
        return new(input.IdempotencyKey, ScanOutcome.AlreadyPresent, $"{participant.FullName} sudah tercatat hadir pukul {venue.ToLocal(earlier.ScannedAt):HH:mm}.", participant.Id, participant.FullName, earlier.ScannedAt);
    }

    /// <summary>The token from what a camera read: the token itself, or a link whose last segment is the token.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var text = code.Trim();
        var slash = text.TrimEnd('/').LastIndexOf('/');
        if (slash >= 0) text = text.TrimEnd('/')[(slash + 1)..];
        text = text.Replace(" ", "").Replace("-", "").ToUpperInvariant();
        return text.Length is > 0 and <= 20 ? text : null;
    }

    private async Task<ScanResult?> FindByKeyAsync(Guid key, CancellationToken ct)
    {
        var row = await db.AttendanceScans.AsNoTracking().Where(s => s.IdempotencyKey == key)
            .Select(s => new { s.ParticipantId, s.Participant!.Person!.FullName, s.ScannedAt }).FirstOrDefaultAsync(ct);
        return row is null ? null : new ScanResult(key, ScanOutcome.Replayed, "", row.ParticipantId, row.FullName, row.ScannedAt);
    }

    /// <summary>A phone's clock can be wrong; a time outside the session's day (or in the future) is replaced by the arrival time.</summary>
    private DateTimeOffset PlausibleScanTime(DateTimeOffset? claimed, Session session, DateTimeOffset now)
    {
        if (claimed is not { } at) return now;
        var localDay = DateOnly.FromDateTime(venue.ToLocal(at));
        if (at > now.AddMinutes(5) || localDay < session.Date.AddDays(-1) || localDay > session.Date.AddDays(1)) return now;
        return at.ToUniversalTime();
    }

    public sealed record ParticipantAttendance(int ParticipantId, int PersonId, string Name, string RegencyCode, int Attended, int Sessions, int RulePercent)
    {
        public double Percent => Sessions == 0 ? 0 : 100.0 * Attended / Sessions;
        public bool MeetsRule => Sessions > 0 && Attended * 100 >= RulePercent * Sessions;
    }

    /// <summary>Per active participant of a batch: sessions attended against the attendance rule.</summary>
    public async Task<List<ParticipantAttendance>> SummaryAsync(int batchId, CancellationToken ct = default)
    {
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId).Select(b => new { b.AttendanceRulePercent, Sessions = b.Sessions.Count }).FirstAsync(ct);
        return await db.Participants.AsNoTracking()
            .Where(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status))
            .OrderBy(p => p.Person!.FullName)
            .Select(p => new ParticipantAttendance(p.Id, p.PersonId, p.Person!.FullName, p.RegencyCode,
                db.AttendanceScans.Count(s => s.ParticipantId == p.Id), batch.Sessions, batch.AttendanceRulePercent))
            .ToListAsync(ct);
    }
}
