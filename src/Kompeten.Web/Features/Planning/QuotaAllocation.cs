using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Planning;

public enum AllocationKind
{
    /// <summary>Seats of the next workshop batch (angkatan), per regency.</summary>
    [Display(Name = "Kuota angkatan workshop")] WorkshopSeats = 1,
    /// <summary>Certification places paid by the province, per regency.</summary>
    [Display(Name = "Kuota sertifikasi dibiayai")] FundedPlaces = 2,
}

/// <summary>
/// A recommended allocation the administrator saved from the planner, as a draft for a new batch:
/// region code → seats. Training's batch quotas take it over (see <see cref="Planner"/>).
/// </summary>
public class QuotaAllocation : Infrastructure.IAudited
{
    public int Id { get; set; }

    /// <summary>The province it was planned for (or "ID" for a national plan across provinces).</summary>
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public AllocationKind Kind { get; set; }
    public int Total { get; set; }
    public required string Title { get; set; }

    /// <summary>The rule and assumptions behind the numbers, as shown next to them.</summary>
    public required string Basis { get; set; }
    public bool Applied { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<QuotaAllocationLine> Lines { get; set; } = [];
}

public class QuotaAllocationLine
{
    public int Id { get; set; }
    public int AllocationId { get; set; }
    public required string RegionCode { get; set; }
    public int Seats { get; set; }
}

internal sealed class QuotaAllocationMapping : IEntityTypeConfiguration<QuotaAllocation>, IEntityTypeConfiguration<QuotaAllocationLine>
{
    public void Configure(EntityTypeBuilder<QuotaAllocation> e)
    {
        e.Property(x => x.RegionCode).HasMaxLength(13);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.HasIndex(x => new { x.RegionCode, x.CreatedAt });
        e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.AllocationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<QuotaAllocationLine> e)
    {
        e.Property(x => x.RegionCode).HasMaxLength(13);
        e.HasIndex(x => new { x.AllocationId, x.RegionCode }).IsUnique();
    }
}
