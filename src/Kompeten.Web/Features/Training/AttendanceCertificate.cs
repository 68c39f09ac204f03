using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// A certificate of attendance (sertifikat/piagam) for a participant who met the batch's
/// attendance rule. Issued once per participant: re-issuing renders the same number and code.
/// </summary>
public class AttendanceCertificate : IAudited
{
    public int Id { get; set; }
    public int ParticipantId { get; set; }
    public int BatchId { get; set; }

    /// <summary>1, 2, 3… within the batch, in the order of issue.</summary>
    public int Sequence { get; set; }

    /// <summary>"001/PLT-004/ANGK-I/2026".</summary>
    public required string Number { get; set; }

    /// <summary>Random code in the public verification link /v/{code}.</summary>
    public required string VerificationCode { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public string? IssuedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    public Participant? Participant { get; set; }
    public Batch? Batch { get; set; }

    public static string FormatNumber(int sequence, int programmeId, int batchNumber, int year) =>
        $"{sequence:000}/PLT-{programmeId:000}/ANGK-{Batch.Roman(batchNumber)}/{year}";
}

public sealed class AttendanceCertificateConfiguration : IEntityTypeConfiguration<AttendanceCertificate>
{
    public void Configure(EntityTypeBuilder<AttendanceCertificate> e)
    {
        e.Property(x => x.Number).HasMaxLength(60);
        e.Property(x => x.VerificationCode).HasMaxLength(20);
        e.Property(x => x.IssuedBy).HasMaxLength(256);
        e.Property(x => x.RevokedReason).HasMaxLength(500);
        e.HasIndex(x => x.ParticipantId).IsUnique();
        e.HasIndex(x => x.Number).IsUnique();
        e.HasIndex(x => x.VerificationCode).IsUnique();
        e.HasIndex(x => new { x.BatchId, x.Sequence }).IsUnique();
        e.HasOne(x => x.Participant).WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
