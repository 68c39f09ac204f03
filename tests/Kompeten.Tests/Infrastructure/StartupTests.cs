using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kompeten.Tests.Infrastructure;

public class StartupTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task Health_reports_the_database_healthy()
    {
        var response = await app.CreateClient().GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Reference_data_holds_all_provinces_and_regencies_with_Kalsel_boundaries()
    {
        var (provinces, regencies, kalselWithShape) = await app.WithDbAsync(async db => (
            await db.Regions.CountAsync(r => r.Level == Web.Features.Registry.RegionLevel.Province),
            await db.Regions.CountAsync(r => r.Level == Web.Features.Registry.RegionLevel.Regency),
            await db.Regions.CountAsync(r => r.ParentCode == "63" && r.BoundaryGeoJson != null)));
        provinces.ShouldBe(38);
        regencies.ShouldBe(514);
        kalselWithShape.ShouldBe(13);
    }

    [Fact]
    public void The_app_clock_reads_local_time_in_the_agency_zone_not_the_servers()
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        clock.ShouldBeOfType<AgencyTimeProvider>();
        clock.LocalTimeZone.ShouldBe(AgencyTime.Zone);
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var before = await app.WithDbAsync(async db => (await db.Regions.CountAsync(), await db.ReferenceItems.CountAsync(), await db.Schemes.CountAsync(), await db.AuditEntries.CountAsync()));
        await app.WithDbAsync(db => Web.Data.ReferenceDataSeeder.SeedAsync(db));
        var after = await app.WithDbAsync(async db => (await db.Regions.CountAsync(), await db.ReferenceItems.CountAsync(), await db.Schemes.CountAsync(), await db.AuditEntries.CountAsync()));
        after.ShouldBe(before);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task The_model_has_no_changes_without_a_migration()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        pending.ShouldBeFalse("run: dotnet ef migrations add <Name> --project src/Kompeten.Web --output-dir Data/Migrations");
    }
}

public class EmbeddedPostgresTests
{
    [Fact]
    public async Task Starts_from_nothing_and_reuses_its_data_on_a_second_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kompeten-embedded-{Guid.NewGuid():N}");
        try
        {
            using (var first = EmbeddedPostgres.Start(dir))
            {
                await using var conn = new NpgsqlConnection(first.ConnectionString("postgres"));
                await conn.OpenAsync();
                await new NpgsqlCommand("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42);", conn).ExecuteNonQueryAsync();
            }
            NpgsqlConnection.ClearAllPools();
            File.Exists(Path.Combine(dir, "PG_VERSION")).ShouldBeTrue();
            using var second = EmbeddedPostgres.Start(dir);
            await using var again = new NpgsqlConnection(second.ConnectionString("postgres"));
            await again.OpenAsync();
            (await new NpgsqlCommand("SELECT x FROM kept", again).ExecuteScalarAsync()).ShouldBe(42);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
