using Kompeten.Web.Features.Certification;
using Person = Kompeten.Web.Features.Registry.Person;

namespace Kompeten.Web.Data;

/// <summary>How much certification history to generate for a province's generated people.</summary>
/// <param name="ApplicantShare">Share of not-certified people who have applied at least once.</param>
/// <param name="AssessedShareOfCertified">Share of certified people whose certificate came through an application here.</param>
/// <param name="MentorsPerThousandStaff">Mentor pool size (DOMAIN.md §1: too few mentors).</param>
/// <param name="EarlierApplications">Mean number of earlier applications per applicant that ended withdrawn, some after failed sittings.</param>
public sealed record PipelineCounts(double ApplicantShare, double AssessedShareOfCertified, double MentorsPerThousandStaff, int EventsPerYear, double EarlierApplications = 0)
{
    public static PipelineCounts Demo { get; } = new(0.12, 0.6, 7, 3, 0.3);
}

/// <summary>What <see cref="PipelineGenerator"/> made: ids of events are the caller's (firstEventId…), people keep theirs.</summary>
/// <param name="UnitResults">Each with its application: set <see cref="UnitResult.ApplicationId"/> once the application has its id.</param>
public sealed record GeneratedPipeline(List<Application> Applications, List<Mentor> Mentors, List<AssessmentEvent> Events, List<(Application Application, UnitResult Result)> UnitResults)
{
    /// <summary>Rows of history: applications, their recorded steps and unit results.</summary>
    public int HistoryRows => Applications.Count + Applications.Sum(a => a.History.Count) + UnitResults.Count;
}

/// <summary>
/// Certification histories for people who are already generated and saved (their ids set):
/// applications walked through the real state machine (<see cref="Application"/>'s methods record
/// every step in its history), mentors, assessment events, and unit results of every sitting.
/// Deterministic for a seed. Used by the dashboard tests and the national benchmark, which both
/// need a pipeline at every stage: drafts, mentoring with revision rounds, ready, verified,
/// scheduled, Belum Kompeten with re-sits, withdrawals, and certified candidates.
/// </summary>
public sealed class PipelineGenerator
{
    private readonly Random _r;
    private readonly DateTimeOffset _now;
    private readonly string _province;

    private PipelineGenerator(string province, DateTimeOffset now, int seed)
    {
        _province = province;
        _now = now.ToUniversalTime();
        _r = new Random(seed);
    }

    // Open and finished states of not-certified applicants, in proportion (Certified only comes with a certificate).
    private static readonly (ApplicationStatus Status, double Weight)[] Outcomes =
    [
        (ApplicationStatus.Draft, 22), (ApplicationStatus.Submitted, 12), (ApplicationStatus.RevisionRequested, 10),
        (ApplicationStatus.Resubmitted, 6), (ApplicationStatus.Ready, 8), (ApplicationStatus.Verified, 6),
        (ApplicationStatus.Scheduled, 5), (ApplicationStatus.NotYetCompetent, 9), (ApplicationStatus.Withdrawn, 12),
    ];

    public static GeneratedPipeline Generate(string provinceCode, IReadOnlyList<Person> people, IReadOnlyList<Scheme> schemes, DateTimeOffset now,
        PipelineCounts counts, int firstEventId, int seed = DemoGenerator.DefaultSeed) =>
        new PipelineGenerator(provinceCode, now, seed).Run(people, schemes, counts, firstEventId);

    private GeneratedPipeline Run(IReadOnlyList<Person> people, IReadOnlyList<Scheme> schemes, PipelineCounts counts, int firstEventId)
    {
        var active = schemes.Where(s => s.Active).ToList();
        var regencies = people.Select(p => p.RegencyCode).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var mentors = Mentors(people.Count, counts, active, regencies);
        var events = Events(counts.EventsPerYear, active, firstEventId);
        var apps = new List<Application>();
        var results = new List<(Application, UnitResult)>();

        foreach (var person in people)
        {
            if (person.Certificates.Count > 0)
            {
                // Their certificate's application, if it went through Kompeten: passed, maybe after a re-sit.
                foreach (var c in person.Certificates)
                {
                    if (_r.NextDouble() >= counts.AssessedShareOfCertified) continue;
                    var issued = new DateTimeOffset(c.IssuedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
                    var start = issued.AddDays(-_r.Next(60, 240));
                    var scheme = active.FirstOrDefault(s => s.Id == c.SchemeId) ?? active[0];
                    apps.Add(Walk(person, scheme, start, ApplicationStatus.Certified, _r.NextDouble() < 0.18 ? 1 : 0, mentors, events, results, issued));
                }
                continue;
            }
            if (_r.NextDouble() >= counts.ApplicantShare) continue;
            // Earlier tries that ended withdrawn — half of them after a failed sitting — years before the current one.
            var earlier = counts.EarlierApplications <= 0 ? 0 : _r.Next(0, (int)Math.Round(2 * counts.EarlierApplications) + 1);
            var historyStart = _now.AddDays(-_r.Next(1100, 2400));
            for (var e = 0; e < earlier; e++)
            {
                apps.Add(Walk(person, active[_r.Next(active.Count)], historyStart, ApplicationStatus.Withdrawn, _r.NextDouble() < 0.5 ? 1 : 0, mentors, events, results, null));
                historyStart = historyStart.AddDays(_r.Next(250, 400));
            }
            var outcome = Pick();
            var s0 = active[_r.Next(active.Count)];
            // Open applications are recent; finished ones (withdrawn, failed) may be older.
            var daysAgo = outcome is ApplicationStatus.Withdrawn or ApplicationStatus.NotYetCompetent ? _r.Next(30, 900) : _r.Next(5, 420);
            var failures = outcome == ApplicationStatus.NotYetCompetent ? 1 : _r.NextDouble() < 0.12 ? 1 : 0;
            apps.Add(Walk(person, s0, _now.AddDays(-daysAgo), outcome, failures, mentors, events, results, null));
        }
        return new GeneratedPipeline(apps, mentors, events, results);
    }

    private ApplicationStatus Pick()
    {
        var total = Outcomes.Sum(o => o.Weight);
        var x = _r.NextDouble() * total;
        foreach (var (status, weight) in Outcomes)
        {
            if (x < weight) return status;
            x -= weight;
        }
        return Outcomes[^1].Status;
    }

    private List<Mentor> Mentors(int staff, PipelineCounts counts, List<Scheme> schemes, List<string> regencies)
    {
        var n = Math.Max(1, (int)Math.Round(staff * counts.MentorsPerThousandStaff / 1000.0));
        var list = new List<Mentor>(n);
        var faker = new Bogus.Faker("id_ID") { Random = new Bogus.Randomizer(_r.Next()) };
        for (var i = 0; i < n; i++)
        {
            var whole = regencies.Count == 0 || _r.NextDouble() < 0.3;
            list.Add(new Mentor
            {
                UserId = $"gen-mentor-{_province}-{i + 1:0000}",
                Name = $"{faker.Name.FirstName()} {faker.Name.LastName()}",
                ProvinceCode = _province,
                SchemeKeys = schemes.OrderBy(_ => _r.Next()).Take(Math.Min(schemes.Count, _r.Next(2, 6))).Select(s => s.Key).ToList(),
                RegencyCodes = whole ? [] : regencies.OrderBy(_ => _r.Next()).Take(_r.Next(1, Math.Min(4, regencies.Count) + 1)).OrderBy(c => c, StringComparer.Ordinal).ToList(),
                Capacity = _r.Next(4, 13),
                Active = _r.NextDouble() < 0.95,
            });
        }
        return list;
    }

    private List<AssessmentEvent> Events(int perYear, List<Scheme> schemes, int firstId)
    {
        var list = new List<AssessmentEvent>();
        var id = firstId;
        for (var year = DemoGenerator.FirstIssueYear - 1; year <= _now.Year + 1; year++)
        {
            for (var i = 0; i < perYear; i++)
            {
                var start = new DateOnly(year, Math.Min(12, 1 + (12 * i + 3) / perYear), 1).AddDays(_r.Next(0, 25));
                var e = new AssessmentEvent
                {
                    Id = id++,
                    Name = $"Uji Kompetensi Pustakawan {_province} {year}-{i + 1}",
                    TestSite = $"TUK Dinas Perpustakaan Provinsi {_province}",
                    StartDate = start,
                    EndDate = start.AddDays(1),
                    ProvinceCode = _province,
                };
                foreach (var s in schemes) e.Schemes.Add(new EventScheme { EventId = e.Id, SchemeId = s.Id, Capacity = 40 });
                list.Add(e);
            }
        }
        return list;
    }

    /// <summary>
    /// Walks one application from draft to <paramref name="outcome"/> through the state machine, a few days per step,
    /// after <paramref name="failures"/> sittings that ended Belum Kompeten (for a Belum Kompeten outcome the last of them is the outcome).
    /// </summary>
    private Application Walk(Person person, Scheme scheme, DateTimeOffset start, ApplicationStatus outcome, int failures, List<Mentor> mentors,
        List<AssessmentEvent> events, List<(Application, UnitResult)> results, DateTimeOffset? certifiedAt)
    {
        var app = new Application
        {
            PersonId = person.Id,
            SchemeId = scheme.Id,
            RegencyCode = person.RegencyCode,
            ProvinceCode = person.ProvinceCode,
            DiplomaName = person.DiplomaName ?? Person.NormalizeName(person.FullName),
            Institution = person.Library?.Name,
            CreatedAt = start,
        };
        var at = start;
        const string candidate = "kandidat";
        DateTimeOffset Step(int min, int max)
        {
            at = at.AddHours(_r.Next(min * 24, max * 24 + 1));
            // The present is the limit: an open application's last step is never in the future.
            if (certifiedAt is null && at > _now) at = _now.AddMinutes(-_r.Next(1, 600));
            return at;
        }
        if (outcome == ApplicationStatus.Draft) return app;

        var serving = mentors.Where(m => m.Active && (m.RegencyCodes.Count == 0 || m.RegencyCodes.Contains(person.RegencyCode))).ToList();
        var mentor = serving.Count > 0 ? serving[_r.Next(serving.Count)] : mentors[_r.Next(mentors.Count)];
        app.MentorUserId = mentor.UserId;
        // From the current year the province pays for part of its target (DOMAIN.md §7).
        app.ProvinceFunded = start.Year >= _now.Year && _r.NextDouble() < 0.45;

        var attempts = outcome == ApplicationStatus.NotYetCompetent ? Math.Max(1, failures) : failures + 1;
        for (var attempt = 1; ; attempt++)
        {
            app.Submit(candidate, Step(1, 10));
            if (outcome == ApplicationStatus.Submitted && attempt == attempts) return app;
            var revisions = outcome is ApplicationStatus.RevisionRequested or ApplicationStatus.Resubmitted ? 1 + _r.Next(0, 2) : _r.Next(0, 3);
            for (var i = 0; i < revisions; i++)
            {
                app.RequestRevision(mentor.Name, Step(2, 14), "Lengkapi bukti unit kompetensi dan perbaiki CV.");
                if (outcome == ApplicationStatus.RevisionRequested && i == revisions - 1 && attempt == attempts) return app;
                app.Resubmit(candidate, Step(2, 20));
            }
            if (outcome == ApplicationStatus.Resubmitted && attempt == attempts) return app;
            if (outcome == ApplicationStatus.Withdrawn && attempt == attempts)
            {
                app.Withdraw(candidate, Step(1, 30), "Pindah tugas / belum siap.");
                return app;
            }
            app.MarkReady(mentor.Name, Step(3, 21));
            if (outcome == ApplicationStatus.Ready && attempt == attempts) return app;
            app.Verify("admin provinsi", Step(1, 14));
            if (outcome == ApplicationStatus.Verified && attempt == attempts) return app;
            var ev = EventAfter(events, at, certifiedAt is { } c && attempt == attempts ? c : null);
            app.Schedule(ev.Id, "admin provinsi", Step(1, 7));
            if (outcome == ApplicationStatus.Scheduled && attempt == attempts) return app;

            var passed = attempt == attempts && outcome == ApplicationStatus.Certified;
            var resultAt = certifiedAt is { } when && passed ? when : new DateTimeOffset(ev.EndDate.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
            if (resultAt < at) resultAt = at.AddDays(1);
            at = resultAt;
            app.RecordResult(passed, "LSP Pustakawan", at);
            foreach (var unit in scheme.Units)
            {
                results.Add((app, new UnitResult { UnitId = unit.Id, Competent = passed || _r.NextDouble() < 0.6, Attempt = attempt }));
            }
            if (passed || outcome == ApplicationStatus.NotYetCompetent) return app;
            app.PrepareResit(candidate, Step(14, 90));
        }
    }

    /// <summary>The first event that starts after a moment (or the one of the certificate date), else the last one.</summary>
    private static AssessmentEvent EventAfter(List<AssessmentEvent> events, DateTimeOffset after, DateTimeOffset? exact)
    {
        var day = DateOnly.FromDateTime((exact ?? after).UtcDateTime);
        if (exact is not null) return events.LastOrDefault(e => e.StartDate <= day) ?? events[0];
        return events.FirstOrDefault(e => e.StartDate >= day) ?? events[^1];
    }
}
