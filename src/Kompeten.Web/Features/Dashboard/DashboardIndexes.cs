using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// Indexes the dashboard's aggregates read from (index-only scans at national scale, see
/// docs/benchmarks.md). They sit here rather than in the owners' mappings so that the dashboard's
/// needs stay visible in one place; EF applies every configuration of an entity.
/// </summary>
internal sealed class DashboardIndexes : IEntityTypeConfiguration<Person>, IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Person> e) =>
        // Staff per region and the join to valid certificates, without touching the wide people rows.
        e.HasIndex(x => new { x.ProvinceCode, x.RegencyCode, x.Id }).HasDatabaseName("ix_people_dashboard");

    public void Configure(EntityTypeBuilder<Application> e) =>
        // Stage counts, pass rate per scheme (attempt = sittings), funded commitments.
        e.HasIndex(x => new { x.ProvinceCode, x.RegencyCode, x.Status, x.SchemeId, x.Attempt, x.ProvinceFunded })
            .HasDatabaseName("ix_applications_dashboard");
}
