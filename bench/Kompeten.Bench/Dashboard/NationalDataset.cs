using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Bench.Dashboard;

/// <summary>What was generated and loaded, for docs/benchmarks.md.</summary>
public sealed record DatasetSummary(int Provinces, int Regencies, int Libraries, int People, int CertifiedPeople, int Certificates, int Mentors,
    int AssessmentEvents, int Applications, int ApplicationEvents, int UnitResults, TimeSpan Generated, TimeSpan Loaded, TimeSpan Vacuumed)
{
    public int HistoryRows => Certificates + Applications + ApplicationEvents + UnitResults;
    public int TotalRows => Libraries + People + Mentors + AssessmentEvents + HistoryRows;
}

/// <summary>
/// The national dataset (DOMAIN.md §1): 38 provinces, 514 regencies/cities, 116,686 library staff of
/// whom 5,849 hold certificates, with libraries and certification histories — generated per province
/// by the demo's <see cref="DemoGenerator"/> (one <see cref="IdentitySequences"/> keeps NIK/NIP
/// national-unique) and <see cref="PipelineGenerator"/>, then loaded with binary COPY.
/// Kalimantan Selatan keeps the demo's proportions (1,200 staff, 123 certified).
/// NIKs are not encrypted here: the benchmark database stores a SHA-256 of the NIK as its hash and
/// a placeholder cipher, since Data Protection of 116,686 NIKs measures nothing the dashboard does.
/// </summary>
public static class NationalDataset
{
    public const int NationalPeople = 116_686;
    public const int NationalCertified = 5_849;

    public static async Task<DatasetSummary> CreateAsync(AppDbContext db, NpgsqlDataSource dataSource, DateTimeOffset now, double scale, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync();
        var provinces = regions.Where(r => r.Level == RegionLevel.Province).ToList();
        var regencies = regions.Where(r => r.Level == RegionLevel.Regency).ToList();
        var schemes = await db.Schemes.AsNoTracking().Include(s => s.Units).OrderBy(s => s.Id).ToListAsync();

        // People per province: Kalsel as in the demo, the rest in proportion to the number of regencies/cities.
        var others = provinces.Where(p => p.Code != "63").ToList();
        var weights = others.Select(p => (double)regencies.Count(r => r.ParentCode == p.Code)).ToArray();
        var people = DemoGenerator.Apportion((int)Math.Round((NationalPeople - DemoCounts.Kalsel.People) * scale), weights, 1);
        var certified = DemoGenerator.Apportion((int)Math.Round((NationalCertified - DemoCounts.Kalsel.CertifiedPeople) * scale), weights, 0);
        var plan = others.Select((p, i) => (Province: p, Counts: new DemoCounts(people[i] / 2, people[i], certified[i])))
            .Prepend((Province: provinces.Single(p => p.Code == "63"), Counts: new DemoCounts(
                (int)Math.Round(DemoCounts.Kalsel.Libraries * scale), (int)Math.Round(DemoCounts.Kalsel.People * scale), (int)Math.Round(DemoCounts.Kalsel.CertifiedPeople * scale))))
            .OrderBy(x => x.Province.Code).ToList();

        var sequences = new IdentitySequences();
        var libraries = new List<Library>();
        var persons = new List<Person>();
        var certificates = new List<Certificate>();
        var mentors = new List<Mentor>();
        var events = new List<AssessmentEvent>();
        var applications = new List<Application>();
        var results = new List<UnitResult>();
        int libraryId = 0, personId = 0, certificateId = 0, mentorId = 0, applicationId = 0, resultId = 0, eventSchemeId = 0;
        long historyId = 0;
        foreach (var (province, counts) in plan)
        {
            var spec = province.Code == "63"
                ? ProvinceSpec.Kalsel
                : ProvinceSpec.FromRegions(province.Code, province.Name, regencies.Where(r => r.ParentCode == province.Code).Select(r => (r.Code, r.Name, 1.0)));
            var generated = DemoGenerator.Generate(spec, counts, now, schemes, seed: 1_000 + int.Parse(province.Code), sequences: sequences);
            foreach (var l in generated.Libraries) l.Id = ++libraryId;
            foreach (var (person, nik) in generated.People)
            {
                person.Id = ++personId;
                person.LibraryId = person.Library?.Id;
                person.NikHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(nik)));
                person.NikCipher = "bench";
                foreach (var c in person.Certificates)
                {
                    c.Id = ++certificateId;
                    c.PersonId = person.Id;
                }
            }
            var provincePeople = generated.People.Select(p => p.Person).ToList();
            var pipeline = PipelineGenerator.Generate(province.Code, provincePeople, schemes, now,
                new PipelineCounts(ApplicantShare: 0.5, AssessedShareOfCertified: 0.7, MentorsPerThousandStaff: 7, EventsPerYear: 3, EarlierApplications: 1.5),
                events.Count + 1, seed: 2_000 + int.Parse(province.Code));
            foreach (var m in pipeline.Mentors) m.Id = ++mentorId;
            foreach (var e in pipeline.Events)
            {
                foreach (var s in e.Schemes) s.Id = ++eventSchemeId;
            }
            foreach (var a in pipeline.Applications)
            {
                a.Id = ++applicationId;
                foreach (var h in a.History)
                {
                    h.Id = ++historyId;
                    h.ApplicationId = a.Id;
                }
            }
            foreach (var (a, r) in pipeline.UnitResults)
            {
                r.Id = ++resultId;
                r.ApplicationId = a.Id;
            }
            libraries.AddRange(generated.Libraries);
            persons.AddRange(provincePeople);
            certificates.AddRange(provincePeople.SelectMany(p => p.Certificates));
            mentors.AddRange(pipeline.Mentors);
            events.AddRange(pipeline.Events);
            applications.AddRange(pipeline.Applications);
            results.AddRange(pipeline.UnitResults.Select(r => r.Result));
        }
        var generatedIn = clock.Elapsed;
        log($"Dibangkitkan dalam {generatedIn.TotalSeconds:N1} s: {persons.Count:N0} orang, {applications.Count:N0} pengajuan, {historyId:N0} langkah riwayat, {results.Count:N0} hasil unit.");

        clock.Restart();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await EfCopy.CopyAsync(connection, db, libraries);
            await EfCopy.CopyAsync(connection, db, persons);
            await EfCopy.CopyAsync(connection, db, certificates);
            await EfCopy.CopyAsync(connection, db, mentors);
            await EfCopy.CopyAsync(connection, db, events);
            await EfCopy.CopyAsync(connection, db, events.SelectMany(e => e.Schemes));
            await EfCopy.CopyAsync(connection, db, applications);
            await EfCopy.CopyAsync(connection, db, applications.SelectMany(a => a.History));
            await EfCopy.CopyAsync(connection, db, results);
            foreach (var table in new[] { "libraries", "people", "certificates", "mentors", "assessment_events", "event_schemes", "applications", "application_events", "unit_results" })
            {
                await EfCopy.ResetSequenceAsync(connection, table);
            }
        }
        var loadedIn = clock.Elapsed;
        log($"Dimuat dengan COPY biner dalam {loadedIn.TotalSeconds:N1} s.");

        clock.Restart();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }
        var vacuumedIn = clock.Elapsed;
        return new DatasetSummary(provinces.Count, regencies.Count, libraries.Count, persons.Count, persons.Count(p => p.Certificates.Count > 0),
            certificates.Count, mentors.Count, events.Count, applications.Count, (int)historyId, results.Count, generatedIn, loadedIn, vacuumedIn);
    }

    /// <summary>The summary of a dataset loaded by an earlier run (--reuse), from counts.</summary>
    public static async Task<DatasetSummary> CountAsync(AppDbContext db) => new(
        await db.Regions.CountAsync(r => r.Level == RegionLevel.Province), await db.Regions.CountAsync(r => r.Level == RegionLevel.Regency),
        await db.Libraries.CountAsync(), await db.People.CountAsync(), await db.People.CountAsync(p => p.Certificates.Any()), await db.Certificates.CountAsync(),
        await db.Mentors.CountAsync(), await db.AssessmentEvents.CountAsync(), await db.Applications.CountAsync(), await db.ApplicationEvents.CountAsync(),
        await db.UnitResults.CountAsync(), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// Most schemes come without their units until an administrator imports them (clusters.json);
    /// the benchmark gives those six placeholder units so that every sitting leaves unit results.
    /// </summary>
    public static async Task AddPlaceholderUnitsAsync(AppDbContext db)
    {
        var schemes = await db.Schemes.Include(s => s.Units).Where(s => s.Active).ToListAsync();
        foreach (var s in schemes.Where(s => s.Units.Count == 0))
        {
            for (var i = 1; i <= 6; i++) s.Units.Add(new SchemeUnit { Title = $"Unit kompetensi {i} (data uji)", SortOrder = i * 10 });
        }
        await db.SaveChangesAsync();
    }
}
