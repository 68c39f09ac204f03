using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Planning;

/// <summary>Funding sources named in DOMAIN.md §7. DAK Non Fisik lines also carry their menu.</summary>
public static class FundingSources
{
    public const string Apbn = "apbn";
    public const string DakNonFisik = "dak-nonfisik";
    public const string ApbdProvinsi = "apbd-provinsi";
    public const string ApbdKabKota = "apbd-kabkota";
    public const string Institution = "instansi";
    public const string Self = "mandiri";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Apbn] = "APBN (kuota Perpusnas)",
        [DakNonFisik] = "DAK Non Fisik",
        [ApbdProvinsi] = "APBD Provinsi",
        [ApbdKabKota] = "APBD Kabupaten/Kota",
        [Institution] = "Instansi",
        [Self] = "Mandiri (perorangan)",
    };

    /// <summary>Applications flagged province_funded are paid from this source.</summary>
    public const string ProvinceFundedSource = ApbdProvinsi;

    public static string Label(string code) => Labels.GetValueOrDefault(code, code);

    /// <summary>The code of a workshop programme's funding source (Features/Training keeps it as an enum).</summary>
    public static string Of(Training.FundingSource source) => source switch
    {
        Training.FundingSource.DakNonFisik => DakNonFisik,
        Training.FundingSource.ApbdProvinsi => ApbdProvinsi,
        Training.FundingSource.ApbdKabKota => ApbdKabKota,
        Training.FundingSource.Apbn => Apbn,
        Training.FundingSource.Institution => Institution,
        Training.FundingSource.Self => Self,
        _ => source.ToString(),
    };
}

/// <summary>
/// A budget line (pagu) for a province, year and funding source, entered by an administrator
/// from the approved RAB/DPA. Commitments and realisation are computed from the data.
/// </summary>
public class BudgetAllocation : Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string ProvinceCode { get; set; }
    public int Year { get; set; }
    public required string FundingSource { get; set; }

    /// <summary>DAK Non Fisik spending menu, or a short description of the line.</summary>
    public string? Menu { get; set; }

    /// <summary>Rupiah.</summary>
    public decimal Amount { get; set; }
    public string? Note { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Unit costs a province's administrator enters per year: the certification fee per candidate
/// (biaya kontribusi, not public — DOMAIN.md §7) and the cost per workshop participant. Never constants in code.
/// </summary>
public class CostSetting : Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string ProvinceCode { get; set; }
    public int Year { get; set; }

    /// <summary>Rupiah per candidate assessed.</summary>
    public decimal FeePerCandidate { get; set; }

    /// <summary>Rupiah per workshop participant (board, lodging, transport, materials — from the batch RAB).</summary>
    public decimal CostPerWorkshopParticipant { get; set; }
    public string? Note { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BudgetMapping : IEntityTypeConfiguration<BudgetAllocation>, IEntityTypeConfiguration<CostSetting>
{
    public void Configure(EntityTypeBuilder<BudgetAllocation> e)
    {
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.FundingSource).HasMaxLength(30);
        e.Property(x => x.Menu).HasMaxLength(200);
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.UpdatedBy).HasMaxLength(256);
        e.Property(x => x.Amount).HasPrecision(18, 2);
        e.HasIndex(x => new { x.ProvinceCode, x.Year, x.FundingSource });
    }

    public void Configure(EntityTypeBuilder<CostSetting> e)
    {
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.UpdatedBy).HasMaxLength(256);
        e.Property(x => x.FeePerCandidate).HasPrecision(18, 2);
        e.Property(x => x.CostPerWorkshopParticipant).HasPrecision(18, 2);
        e.HasIndex(x => new { x.ProvinceCode, x.Year }).IsUnique();
    }
}
