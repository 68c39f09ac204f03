using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Certification;

internal sealed class ApplicationMapping : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> e)
    {
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(30);
        e.HasIndex(x => new { x.RegencyCode, x.Status });
        e.HasIndex(x => new { x.ProvinceCode, x.Status });
        e.HasIndex(x => new { x.MentorUserId, x.Status });
        e.HasIndex(x => x.AssessmentEventId);
        // One open application per person and scheme; finished ones (certified, withdrawn) may repeat.
        e.HasIndex(x => new { x.PersonId, x.SchemeId }).IsUnique()
            .HasFilter("status NOT IN ('Certified', 'Withdrawn')").HasDatabaseName("ix_applications_one_open_per_scheme");
        e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId);
        e.HasOne(x => x.Scheme).WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ApplicationId);
        e.HasMany(x => x.Claims).WithOne().HasForeignKey(x => x.ApplicationId);
        e.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Property(x => x.Status).UsePropertyAccessMode(PropertyAccessMode.Property);
    }
}

internal sealed class ApplicationEventMapping : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> e)
    {
        e.Property(x => x.From).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.To).HasConversion<string>().HasMaxLength(30);
        e.HasIndex(x => new { x.ApplicationId, x.At });
    }
}

internal sealed class UnitClaimMapping : IEntityTypeConfiguration<UnitClaim>
{
    public void Configure(EntityTypeBuilder<UnitClaim> e) => e.HasIndex(x => new { x.ApplicationId, x.UnitId, x.ElementId }).IsUnique().AreNullsDistinct(false);
}

internal sealed class SchemeStructureMapping : IEntityTypeConfiguration<SchemeElement>, IEntityTypeConfiguration<PerformanceCriterion>
{
    public void Configure(EntityTypeBuilder<SchemeElement> e)
    {
        e.HasOne<SchemeUnit>().WithMany(u => u.Elements).HasForeignKey(x => x.UnitId);
        e.HasMany(x => x.Criteria).WithOne().HasForeignKey(x => x.ElementId);
    }

    public void Configure(EntityTypeBuilder<PerformanceCriterion> e) => e.HasIndex(x => new { x.ElementId, x.SortOrder });
}

internal sealed class PortfolioMapping : IEntityTypeConfiguration<PortfolioDocument>, IEntityTypeConfiguration<ReviewComment>, IEntityTypeConfiguration<WorkExperience>,
    IEntityTypeConfiguration<TrainingRecord>
{
    public void Configure(EntityTypeBuilder<TrainingRecord> e)
    {
        e.HasIndex(x => x.PersonId);
        e.HasOne<Registry.Person>().WithMany().HasForeignKey(x => x.PersonId);
    }

    public void Configure(EntityTypeBuilder<PortfolioDocument> e)
    {
        e.HasIndex(x => new { x.ApplicationId, x.Kind });
        e.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId);
        e.Property(x => x.Sha256).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<ReviewComment> e)
    {
        e.HasIndex(x => new { x.ApplicationId, x.At });
        e.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<WorkExperience> e)
    {
        e.HasIndex(x => x.PersonId);
        e.HasOne<Registry.Person>().WithMany().HasForeignKey(x => x.PersonId);
    }
}

internal sealed class AssessmentMapping :
    IEntityTypeConfiguration<AssessmentEvent>, IEntityTypeConfiguration<EventScheme>, IEntityTypeConfiguration<UnitResult>,
    IEntityTypeConfiguration<CertificateReminder>, IEntityTypeConfiguration<Mentor>, IEntityTypeConfiguration<Notification>,
    IEntityTypeConfiguration<AssessmentOutcome>
{
    public void Configure(EntityTypeBuilder<AssessmentOutcome> e)
    {
        e.HasIndex(x => new { x.ApplicationId, x.Attempt }).IsUnique();
        e.HasIndex(x => x.EventId);
        e.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId);
        e.HasOne<AssessmentEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AssessmentEvent> e)
    {
        e.HasMany(x => x.Schemes).WithOne().HasForeignKey(x => x.EventId);
        e.HasMany(x => x.Assessors).WithOne().HasForeignKey(x => x.EventId);
        e.HasIndex(x => new { x.ProvinceCode, x.StartDate });
    }

    public void Configure(EntityTypeBuilder<EventScheme> e)
    {
        e.HasIndex(x => new { x.EventId, x.SchemeId }).IsUnique();
        e.HasOne(x => x.Scheme).WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<UnitResult> e)
    {
        e.HasIndex(x => new { x.ApplicationId, x.UnitId, x.Attempt }).IsUnique();
        e.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<CertificateReminder> e)
    {
        e.HasIndex(x => new { x.CertificateId, x.DaysBefore, x.Recipient }).IsUnique();
        e.HasOne<Certificate>().WithMany().HasForeignKey(x => x.CertificateId);
    }

    public void Configure(EntityTypeBuilder<Mentor> e)
    {
        e.HasIndex(x => x.UserId).IsUnique();
        e.HasIndex(x => x.ProvinceCode);
    }

    public void Configure(EntityTypeBuilder<Notification> e) => e.HasIndex(x => new { x.UserId, x.ReadAt });
}
