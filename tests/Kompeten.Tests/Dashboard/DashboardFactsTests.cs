using Dapper;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kompeten.Tests.Dashboard;

/// <summary>
/// The maintained facts the dashboard reads stay equal to a recount of the raw tables through every
/// kind of change: new people, moves between provinces, deletions with cascades, revoked and new
/// certificates, state changes of applications, bulk SQL updates — and through compaction.
/// </summary>
public class DashboardFactsTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    private async Task MatchesRawAsync(string because)
    {
        var today = app.Today;
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        foreach (var area in new[]
                 {
                     DashboardArea.National,
                     new DashboardArea(DashboardLevel.Province, "63", "Kalimantan Selatan", "63", null),
                     new DashboardArea(DashboardLevel.Province, "64", "Kalimantan Timur", "64", null),
                     new DashboardArea(DashboardLevel.Regency, "63.01", "Tanah Laut", "63", "63.01"),
                 })
        {
            var d = await app.WithServicesAsync(sp => sp.GetRequiredService<DashboardQuery>().LoadAsync(area, today));
            var group = area.Level == DashboardLevel.National ? "province_code" : "regency_code";
            var where = area.Level switch
            {
                DashboardLevel.National => "TRUE",
                DashboardLevel.Province => "province_code = @p",
                _ => "regency_code = @r",
            };
            var args = new { p = area.ProvinceCode, r = area.RegencyCode, today = today.ToDateTime(TimeOnly.MinValue), until = today.AddDays(180).ToDateTime(TimeOnly.MinValue), y = today.Year };
            var raw = (await conn.QueryAsync<(string Code, long Staff, long Certified, long Expiring, long Newly)>($"""
                SELECT p.{group}, count(*),
                       count(*) FILTER (WHERE v.last_valid >= @today::date),
                       count(*) FILTER (WHERE v.last_valid BETWEEN @today::date AND @until::date),
                       count(*) FILTER (WHERE date_part('year', v.first_issued) = @y)
                FROM people p LEFT JOIN (SELECT person_id, max(valid_until) AS last_valid, min(issued_on) AS first_issued
                                         FROM certificates WHERE revoked_at IS NULL GROUP BY person_id) v ON v.person_id = p.id
                WHERE {Prefixed(where, "p")} GROUP BY 1
                """, args)).ToDictionary(r => r.Code);
            var stages = (await conn.QueryAsync<(string Code, string Status, long N)>($"SELECT {group}, status, count(*) FROM applications WHERE {where} GROUP BY 1, 2", args))
                .ToDictionary(r => (r.Code, r.Status), r => (int)r.N);
            foreach (var r in d.Rows)
            {
                var x = raw.GetValueOrDefault(r.Code);
                (r.Staff, r.Certified, r.Expiring, r.NewlyCertifiedThisYear).ShouldBe(((int)x.Staff, (int)x.Certified, (int)x.Expiring, (int)x.Newly), $"{because}: {area.Code} {r.Code}");
                foreach (var s in StageCounts.Open) r.Stages[s].ShouldBe(stages.GetValueOrDefault((r.Code, s.ToString())), $"{because}: {area.Code} {r.Code} {s}");
            }
            var sittings = (await conn.QueryAsync<(int Scheme, long Passed, long Failed)>($"""
                SELECT a.scheme_id, count(*) FILTER (WHERE e.action = 'result-competent'), count(*) FILTER (WHERE e.action = 'result-not-yet')
                FROM application_events e JOIN applications a ON a.id = e.application_id
                WHERE {Prefixed(where, "a")} AND e.action LIKE 'result-%' GROUP BY 1
                """, args)).ToDictionary(r => r.Scheme);
            d.PassRates.Select(p => (p.SchemeId, p.Passed, p.Failed)).OrderBy(p => p.SchemeId)
                .ShouldBe(sittings.Values.Select(s => (s.Scheme, (int)s.Passed, (int)s.Failed)).OrderBy(p => p.Item1), $"{because}: {area.Code} pass rates");
        }
        var national = await app.WithServicesAsync(sp => sp.GetRequiredService<DashboardQuery>().LoadAsync(DashboardArea.National, today));
        national.Mentors.Sum(m => m.Active).ShouldBe(await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM applications a JOIN mentors m ON m.user_id = a.mentor_user_id AND m.active WHERE a.status IN ('Submitted', 'RevisionRequested', 'Resubmitted')"), because);
    }

    private static string Prefixed(string predicate, string alias) => predicate == "TRUE" ? predicate : $"{alias}.{predicate}";

    [Fact]
    public async Task The_facts_follow_every_kind_of_change_and_survive_compaction()
    {
        await MatchesRawAsync("after loading");
        var now = DateTimeOffset.UtcNow;

        // A person with a certificate and applications moves from Tanah Laut to Kalimantan Timur.
        await app.WithDbAsync(async db =>
        {
            var mover = await db.People.Where(p => p.RegencyCode == "63.01" && p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= app.Today)).FirstAsync();
            mover.RegencyCode = "64.01";
            mover.ProvinceCode = "64";
            await db.Applications.Where(a => a.PersonId == mover.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.RegencyCode, "64.01").SetProperty(a => a.ProvinceCode, "64"));
            await db.SaveChangesAsync();
        });
        await MatchesRawAsync("after a move");

        // A certified person with applications is deleted (certificates and applications cascade).
        await app.WithDbAsync(async db =>
        {
            var gone = await db.People.Where(p => p.ProvinceCode == "63" && p.Certificates.Any() && db.Applications.Any(a => a.PersonId == p.Id)).FirstAsync();
            await db.ApplicationEvents.Where(e => db.Applications.Any(a => a.Id == e.ApplicationId && a.PersonId == gone.Id)).ExecuteDeleteAsync();
            await db.UnitResults.Where(u => db.Applications.Any(a => a.Id == u.ApplicationId && a.PersonId == gone.Id)).ExecuteDeleteAsync();
            await db.People.Where(p => p.Id == gone.Id).ExecuteDeleteAsync();
        });
        await MatchesRawAsync("after a deletion");

        // Certificates: one revoked, one new issued today for someone uncertified, one extended.
        await app.WithDbAsync(async db =>
        {
            var revoke = await db.Certificates.Where(c => c.RevokedAt == null && c.ValidUntil >= app.Today && c.Person!.ProvinceCode == "63").OrderBy(c => c.Id).FirstAsync();
            revoke.RevokedAt = now;
            var newcomer = await db.People.Where(p => p.ProvinceCode == "63" && !p.Certificates.Any()).OrderBy(p => p.Id).FirstAsync();
            var scheme = await db.Schemes.OrderBy(s => s.Id).FirstAsync();
            db.Certificates.Add(new Certificate
            {
                PersonId = newcomer.Id, SchemeId = scheme.Id, Number = "UJI/FAKTA/1", IssuedOn = app.Today, ValidUntil = app.Today.AddYears(3),
                VerificationCode = Certificate.NewVerificationCode(), Source = CertificateSource.Assessment,
            });
            await db.SaveChangesAsync();
            await db.Certificates.Where(c => c.RevokedAt == null && c.ValidUntil < app.Today && c.Person!.ProvinceCode == "64")
                .Take(5).ExecuteUpdateAsync(u => u.SetProperty(c => c.ValidUntil, app.Today.AddDays(90)));
        });
        await MatchesRawAsync("after certificate changes");

        // Applications move through the state machine; a bulk SQL update withdraws the oldest drafts.
        await app.WithDbAsync(async db =>
        {
            var drafts = await db.Applications.Where(a => a.Status == ApplicationStatus.Draft && a.ProvinceCode == "63").OrderBy(a => a.Id).Take(3).ToListAsync();
            foreach (var a in drafts)
            {
                a.Submit("uji", now);
                a.MarkReady("pendamping", now);
                a.Verify("admin", now);
                a.Schedule(1, "admin", now);
                a.RecordResult(a.Id % 2 == 0, "LSP", now);
            }
            var failed = await db.Applications.Where(a => a.Status == ApplicationStatus.NotYetCompetent && a.ProvinceCode == "64").FirstAsync();
            failed.PrepareResit("uji", now);
            await db.SaveChangesAsync();
            await db.Applications.Where(a => a.Status == ApplicationStatus.Submitted && a.ProvinceCode == "63").Take(4)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.MentorUserId, (string?)null));
            await db.Database.ExecuteSqlRawAsync("UPDATE applications SET status = 'Withdrawn' WHERE id IN (SELECT id FROM applications WHERE status = 'Draft' ORDER BY id LIMIT 5)");
        });
        await MatchesRawAsync("after application changes");

        // A new person is registered.
        await app.AddPersonAsync("63.05", "Pendatang Baru", Kompeten.Web.Features.Registry.Sex.Male, new DateOnly(1990, 1, 2), 77);
        await MatchesRawAsync("after a new person");

        var (before, after) = await app.WithServicesAsync(sp => DashboardFacts.CompactAsync(sp.GetRequiredService<NpgsqlDataSource>()));
        after.ShouldBeLessThan(before);
        await MatchesRawAsync("after compaction");
        var again = await app.WithServicesAsync(sp => DashboardFacts.CompactAsync(sp.GetRequiredService<NpgsqlDataSource>()));
        again.After.ShouldBe(again.Before, "a compacted table stays as it is");
    }
}
