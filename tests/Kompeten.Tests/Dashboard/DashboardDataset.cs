using Kompeten.Tests.Support;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Dashboard;

/// <summary>
/// The app on a database holding generated data for two provinces: Kalimantan Selatan (63, all 13
/// regencies) and Kalimantan Timur (64, the "other province" of the scope tests), with libraries,
/// people, certificates (some revoked, some expiring), mentors, assessment events and application
/// histories at every stage — made by the same generators as the demo and the national benchmark.
/// </summary>
public class DashboardDataset : KompetenFactory
{
    public DateOnly Today { get; } = TimeProvider.System.Today();
    public int People63 { get; private set; }
    public int Applications63 { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (People63, Applications63) = await SeedAsync(this, Today);
    }

    /// <summary>Fills an app's database with the two provinces (also used by the browser tests' live app).</summary>
    public static async Task<(int People63, int Applications63)> SeedAsync(KompetenFactory app, DateOnly today)
    {
        var people63 = 0;
        var applications63 = 0;
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var nik = sp.GetRequiredService<NikProtector>();
            var schemes = await db.Schemes.AsNoTracking().Include(s => s.Units).ToListAsync();
            var now = TimeProvider.System.AgencyNow();
            var sequences = new IdentitySequences();
            var kaltimRegions = await db.Regions.AsNoTracking().Where(r => r.ParentCode == "64").OrderBy(r => r.Code).ToListAsync();
            var kaltim = ProvinceSpec.FromRegions("64", "Kalimantan Timur", kaltimRegions.Select(r => (r.Code, r.Name, 1.0)));

            var provinces = new[]
            {
                ("63", DemoGenerator.Generate(ProvinceSpec.Kalsel, new DemoCounts(300, 700, 90), now, schemes, 63_001, sequences)),
                ("64", DemoGenerator.Generate(kaltim, new DemoCounts(100, 240, 30), now, schemes, 64_001, sequences)),
            };
            var firstEventId = 1;
            foreach (var (code, generated) in provinces)
            {
                foreach (var (person, number) in generated.People)
                {
                    person.NikCipher = nik.Protect(number);
                    person.NikHash = nik.Hash(number);
                }
                db.Libraries.AddRange(generated.Libraries);
                db.People.AddRange(generated.People.Select(p => p.Person));
                await db.SaveChangesAsync();

                var people = generated.People.Select(p => p.Person).ToList();
                var pipeline = PipelineGenerator.Generate(code, people, schemes, now, new PipelineCounts(0.35, 0.6, 12, 3), firstEventId, seed: int.Parse(code) * 7);
                firstEventId += pipeline.Events.Count;
                foreach (var e in pipeline.Events) e.Schemes.Clear();
                db.AssessmentEvents.AddRange(pipeline.Events);
                db.Mentors.AddRange(pipeline.Mentors);
                db.Applications.AddRange(pipeline.Applications);
                await db.SaveChangesAsync();
                foreach (var (application, result) in pipeline.UnitResults) result.ApplicationId = application.Id;
                db.UnitResults.AddRange(pipeline.UnitResults.Select(r => r.Result));
                await db.SaveChangesAsync();
                if (code == "63")
                {
                    people63 = people.Count;
                    applications63 = pipeline.Applications.Count;
                }
                db.ChangeTracker.Clear();
            }
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('assessment_events', 'id'), (SELECT max(id) FROM assessment_events))");

            // A revoked certificate still valid by date must not count; an expired one must not count either.
            var revoked = await db.Certificates.Where(c => c.Person!.ProvinceCode == "63" && c.ValidUntil > today.AddYears(1)).OrderBy(c => c.Id).Take(3).ToListAsync();
            foreach (var c in revoked)
            {
                c.RevokedAt = DateTimeOffset.UtcNow;
                c.RevokedReason = "Uji: dicabut";
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await TrainingSeed.SeedAsync(db, "63", today, 6301);
            await TrainingSeed.SeedAsync(db, "64", today, 6401);
            return 0;
        });
        return (people63, applications63);
    }
}
