using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Training;

/// <summary>Who pays for a programme (DOMAIN.md §7).</summary>
public enum FundingSource
{
    [Display(Name = "DAK Non Fisik")] DakNonFisik = 1,
    [Display(Name = "APBD Provinsi")] ApbdProvinsi = 2,
    [Display(Name = "APBD Kabupaten/Kota")] ApbdKabKota = 3,
    [Display(Name = "APBN (Perpusnas)")] Apbn = 4,
    [Display(Name = "Instansi")] Institution = 5,
    [Display(Name = "Biaya sendiri")] Self = 6,
}

/// <summary>
/// A workshop programme of a province for one year, e.g. "Bimtek Literasi Informasi Sertifikasi
/// Pustakawan dan Pengelola Perpustakaan 2025"; it runs one or more batches (angkatan).
/// </summary>
public class Programme : IAudited
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Year { get; set; }
    public string? Purpose { get; set; }

    /// <summary>Background text of the activity report (laporan kegiatan).</summary>
    public string? Background { get; set; }
    public FundingSource Funding { get; set; }

    /// <summary>The DAK Non Fisik spending menu (free text: the menus change yearly).</summary>
    public string? FundingMenu { get; set; }

    /// <summary>
    /// Whether attending counts as a competency-based library training certificate for
    /// certification eligibility path (b) — an administrator's judgement per programme.
    /// </summary>
    public bool QualifiesAsTrainingCertificate { get; set; }
    public required string ProvinceCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<BudgetLine> BudgetLines { get; set; } = [];
    public List<Batch> Batches { get; set; } = [];
}

public enum BudgetLineKind
{
    /// <summary>Rencana Anggaran Biaya (RAB).</summary>
    [Display(Name = "RAB")] Plan = 1,
    [Display(Name = "Realisasi")] Realisation = 2,
}

/// <summary>One line of a programme's budget plan (RAB) or of its realisation.</summary>
public class BudgetLine : IAudited
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }
    public BudgetLineKind Kind { get; set; }
    public int SortOrder { get; set; }
    public required string Item { get; set; }
    public decimal Volume { get; set; }

    /// <summary>"OK" (orang-kegiatan), "OH", "paket", ...</summary>
    public required string Unit { get; set; }
    public decimal UnitCost { get; set; }

    /// <summary>volume × unit cost, computed by the database (a stored generated column).</summary>
    public decimal Total { get; private set; }

    public Programme? Programme { get; set; }
}

public sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> e)
    {
        e.Property(x => x.Name).HasMaxLength(300);
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.FundingMenu).HasMaxLength(300);
        e.HasIndex(x => new { x.ProvinceCode, x.Year });
        e.HasMany(x => x.BudgetLines).WithOne(x => x.Programme).HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Batches).WithOne(x => x.Programme).HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class BudgetLineConfiguration : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> e)
    {
        e.Property(x => x.Item).HasMaxLength(300);
        e.Property(x => x.Unit).HasMaxLength(40);
        e.Property(x => x.Volume).HasPrecision(12, 2);
        e.Property(x => x.UnitCost).HasPrecision(16, 2);
        e.Property(x => x.Total).HasPrecision(18, 2).HasComputedColumnSql("volume * unit_cost", stored: true);
        e.HasIndex(x => new { x.ProgrammeId, x.Kind, x.SortOrder });
    }
}
