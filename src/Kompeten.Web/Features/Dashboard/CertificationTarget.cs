using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Dashboard;

public enum TargetKind
{
    /// <summary>People newly certified during the year ("+50 bersertifikat pada 2026").</summary>
    [Display(Name = "Tambahan orang bersertifikat")] AdditionalCertified = 1,
    /// <summary>Share of the registry's staff holding a valid certificate at the end of the year.</summary>
    [Display(Name = "% tenaga bersertifikat")] PercentCertified = 2,
}

/// <summary>
/// What an administrator aims for in a year, for a province ("63") or a regency ("63.01"): one
/// target per region and year. The dashboard sets progress against it; the planner starts from it.
/// </summary>
public class CertificationTarget : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int Year { get; set; }
    public required string RegionCode { get; set; }
    public TargetKind Kind { get; set; }

    /// <summary>A count of people (AdditionalCertified) or a percentage 0–100 (PercentCertified).</summary>
    public decimal Value { get; set; }
    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Describe() => Kind == TargetKind.AdditionalCertified
        ? $"+{Value:N0} bersertifikat pada {Year}"
        : $"{Value:0.#}% bersertifikat pada akhir {Year}";
}

internal sealed class CertificationTargetMapping : IEntityTypeConfiguration<CertificationTarget>
{
    public void Configure(EntityTypeBuilder<CertificationTarget> e)
    {
        e.Property(x => x.RegionCode).HasMaxLength(13);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Value).HasPrecision(12, 2);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasIndex(x => new { x.RegionCode, x.Year }).IsUnique();
    }
}
