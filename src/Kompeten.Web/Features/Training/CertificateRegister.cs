using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>Issues and revokes certificates of attendance; numbers are given under the batch lock, once.</summary>
public sealed class CertificateRegister(AppDbContext db, AttendanceBook attendance, TimeProvider clock, IHttpContextAccessor? http = null)
{
    public sealed record IssueResult(int Issued, int AlreadyIssued, int NotApproved, int BelowRule)
    {
        public string Message =>
            $"{Issued} sertifikat baru diterbitkan; {AlreadyIssued} sudah terbit sebelumnya (nomornya tetap)." +
            (NotApproved > 0 ? $" {NotApproved} peserta memenuhi syarat hadir tetapi belum disetujui — setujui dulu, lalu terbitkan lagi." : "") +
            (BelowRule > 0 ? $" {BelowRule} peserta belum memenuhi syarat kehadiran." : "");
    }

    /// <summary>Certificates for every approved participant who met the attendance rule and has none yet.</summary>
    public async Task<IssueResult> IssueAsync(int batchId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = (await db.Batches.FromSql($"SELECT * FROM batches WHERE id = {batchId} FOR UPDATE").AsNoTracking().ToListAsync(ct)).Single();
        var summary = await attendance.SummaryAsync(batchId, ct);
        var statuses = await db.Participants.Where(p => p.BatchId == batchId).ToDictionaryAsync(p => p.Id, p => p.Status, ct);
        var existing = await db.AttendanceCertificates.Where(c => c.BatchId == batchId).Select(c => new { c.ParticipantId, c.Sequence }).ToListAsync(ct);
        var has = existing.Select(e => e.ParticipantId).ToHashSet();
        var next = existing.Count == 0 ? 1 : existing.Max(e => e.Sequence) + 1;
        var year = batch.EndDate.Year;
        int issued = 0, already = 0, notApproved = 0, below = 0;
        var now = clock.GetUtcNow();
        foreach (var row in summary)
        {
            if (!row.MeetsRule) { below++; continue; }
            if (has.Contains(row.ParticipantId)) { already++; continue; }
            if (statuses[row.ParticipantId] != ParticipantStatus.Approved) { notApproved++; continue; }
            db.AttendanceCertificates.Add(new AttendanceCertificate
            {
                ParticipantId = row.ParticipantId,
                BatchId = batchId,
                Sequence = next,
                Number = AttendanceCertificate.FormatNumber(next, batch.ProgrammeId, batch.Number, year),
                VerificationCode = Participant.NewToken("S"),
                IssuedAt = now,
                IssuedBy = http?.HttpContext?.User.Identity?.Name,
            });
            next++;
            issued++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IssueResult(issued, already, notApproved, below);
    }

    public async Task<string?> RevokeAsync(int certificateId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "Tuliskan alasan pencabutan; alasan tampil di halaman verifikasi.";
        var certificate = await db.AttendanceCertificates.FirstOrDefaultAsync(c => c.Id == certificateId, ct);
        if (certificate is null) return "Sertifikat tidak ditemukan.";
        if (certificate.RevokedAt is not null) return "Sertifikat ini sudah dicabut.";
        certificate.RevokedAt = clock.GetUtcNow();
        certificate.RevokedReason = reason.Trim();
        db.AuditReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        db.AuditReason = null;
        return null;
    }
}
